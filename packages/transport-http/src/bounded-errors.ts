import { printable, printableData } from "@wasi-mcp/router";

/** Longest error answer body kept as it is; a larger one is certain to echo the request. */
const SMALL_ERROR_BODY = 2048;

/**
 * An error answer of the SDK entry (status ≥ 400, a JSON-RPC error body) with the text it echoes
 * from the request (a method name, a header value) escaped and bounded by `printable`: a 1 MB
 * method name must not come back as a 2 MB answer. Other responses are returned as they are.
 */
export async function withBoundedErrorText(response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json")) {
    return response;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { message?: unknown; data?: unknown } } | undefined)?.error;
  const bounded =
    text.length <= SMALL_ERROR_BODY && !hasControlText(text)
      ? text
      : JSON.stringify(boundedBody(body, error));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(bounded, { status: response.status, statusText: response.statusText, headers });
}

/** An `Error` whose message is the original's, escaped and bounded (for logs). */
export function boundedError(error: Error): Error {
  const message = printable(error.message, 500);
  if (message === error.message) return error;
  const bounded = new Error(message);
  bounded.name = error.name;
  return bounded;
}

function boundedBody(
  body: unknown,
  error: { message?: unknown; data?: unknown } | undefined,
): Record<string, unknown> {
  const { id } = (body ?? {}) as { id?: unknown };
  return {
    jsonrpc: "2.0",
    ...(typeof id === "string" || typeof id === "number" ? { id } : {}),
    error: {
      code: (error as { code?: unknown } | undefined)?.code ?? -32600,
      message: printable(typeof error?.message === "string" ? error.message : "Bad Request", 400),
      ...(error?.data === undefined ? {} : { data: printableData(error.data) }),
    },
  };
}

/** Whether JSON text holds an escaped control character (JSON escapes them; a log would not). */
function hasControlText(text: string): boolean {
  return /\\u00[01][0-9a-f]|\\[nrt]/i.test(text);
}
