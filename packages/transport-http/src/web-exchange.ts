import type { IncomingMessage, ServerResponse } from "node:http";
import { SlowReaderGuard, type SlowReaderLimits } from "./slow-reader.js";

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
 * then the body as it streams. The body is read as fast as it comes, so what waits for the client
 * is in `res` alone, where the slow-reader bound watches it (`limits`, as on the 2025 SSE streams):
 * a client that stops reading a long-lived stream (a 2026 `subscriptions/listen`) is cut off
 * instead of the stream's producer queueing for it without end. `onCutOff` hears why. A client
 * that goes away cancels the body.
 */
export async function writeWebResponse(
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string>,
  limits: SlowReaderLimits,
  onCutOff: (reason: string) => void,
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
  const guard = new SlowReaderGuard(
    limits,
    () => res.writableLength,
    (reason) => {
      onCutOff(reason);
      res.destroy();
    },
  );
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed || !guard.admit(value.byteLength)) return;
      res.write(value);
    }
    res.end();
  } finally {
    guard.dispose();
    res.off("close", cancel);
    if (res.destroyed) cancel();
  }
}
