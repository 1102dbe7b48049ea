import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers that describe the Node request's body, which the Web request built here does not carry. */
const BODY_HEADERS = new Set(["content-length", "transfer-encoding"]);

/**
 * A body-less Web `Request` with the method, URL and headers of a Node request whose body was
 * already read (the SDK entry is handed the parsed body separately). `signal` aborts it.
 */
export function toWebRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || BODY_HEADERS.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method: req.method ?? "POST",
    headers,
    signal,
  });
}

/**
 * Writes a Web `Response` onto a Node response: status, headers (plus `extraHeaders`, e.g. CORS),
 * then the body as it streams, respecting backpressure. A client that goes away cancels the body.
 */
export async function writeWebResponse(
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string>,
): Promise<void> {
  const headers: Record<string, string> = { ...extraHeaders };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } finally {
    res.off("close", cancel);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
