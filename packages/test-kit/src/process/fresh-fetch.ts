import { request } from "node:http";
import { Readable } from "node:stream";

/**
 * A `fetch` for SDK client transports that opens a new TCP connection for every request (no
 * keep-alive), so that a balancer — or node:cluster — may send each request of one client to another
 * node. `onResponse` sees every response's headers (e.g. a balancer's `x-served-by`).
 */
export function freshConnectionFetch(onResponse?: (headers: Headers) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const req = request(url, { method: init.method ?? "GET", headers, agent: false }, (res) => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        onResponse?.(out);
        const empty = res.statusCode === 204 || res.statusCode === 304;
        const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status: res.statusCode ?? 500, headers: out }));
      });
      req.once("error", reject);
      init.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")));
      if (typeof init.body === "string") req.end(init.body);
      else req.end();
    });
}
