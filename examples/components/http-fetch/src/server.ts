// Calls a JSON HTTP API with the standard fetch. Built with the one command of the guest kit's
// README (`wasi-mcp-build src/server.ts -o dist/http-fetch.wasm`): fetch is compiled in, and the
// host's policy (`allowedHosts`) decides where it may go. A refused or failed request is a tool
// result with isError — something the model can read — and the host adds which destination was
// refused and by which policy field.
import { defineServer, tool } from "@wasi-mcp/guest";

/** Largest body answered in full; longer ones are summarised (length, head and tail). */
const MAX_TEXT = 4096;

/** Size of each chunk of a streamed request body. */
const CHUNK = 1024;

/** The text as a stream of {@link CHUNK}-byte chunks: `fetch` sends it without `content-length`. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

const request = tool({
  name: "http_request",
  description: "Sends an HTTP request and answers its status, content type and (JSON) body.",
  input: {
    type: "object",
    properties: {
      url: { type: "string", description: "http:// or https:// URL" },
      method: { type: "string", enum: ["GET", "POST", "PUT", "DELETE"], default: "GET" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      body: { type: "string", description: "request body (sent as is)" },
      stream: {
        type: "boolean",
        description: "send the body as a stream of 1 KiB chunks, without content-length",
        default: false,
      },
    },
    required: ["url"],
  } as const,
  handler: async ({ url, method, headers, body, stream }) => {
    const response = await fetch(url, {
      method: method ?? "GET",
      headers: (headers ?? {}) as Record<string, string>,
      body: stream && body !== undefined ? chunked(body) : body,
    });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    const json = type.includes("json") && text.length <= MAX_TEXT ? JSON.parse(text) : undefined;
    return {
      content: [{ type: "text", text: `HTTP ${response.status}, ${text.length} characters` }],
      structuredContent: {
        status: response.status,
        contentType: type,
        length: text.length,
        ...(json === undefined ? { head: text.slice(0, 64), tail: text.slice(-64) } : { json }),
      },
    };
  },
});

export const { run, handlers } = defineServer({
  name: "http-fetch",
  version: "0.1.0",
  tools: [request],
});
