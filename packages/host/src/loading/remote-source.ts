import { HostError } from "@wasi-mcp/conversions";

/** How components named by an `http(s)` URL are fetched. */
export interface RemoteSourceOptions {
  /** Accept plain `http:` URLs (and redirects to them). Default false: `https:` only. */
  allowHttp?: boolean;
  /** Accept a URL without a `sha256` pin. Default false: a remote component must be pinned. */
  allowUnpinned?: boolean;
  /** Give up on a download after this many milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Refuse a component larger than this many bytes. Default 64 MiB. */
  maxBytes?: number;
}

const DEFAULTS: Required<RemoteSourceOptions> = {
  allowHttp: false,
  allowUnpinned: false,
  timeoutMs: 30_000,
  maxBytes: 64 * 1024 * 1024,
};

/**
 * Downloads a component: https only, pinned by sha256, within a time and a size limit, unless the
 * options relax that. Every refusal is a `COMPONENT_LOAD_FAILED` naming the URL and the option
 * that would allow it; the sha256 itself is compared by the caller once the bytes are in.
 */
export async function fetchComponentBytes(
  url: URL,
  expectedSha256: string | undefined,
  options: RemoteSourceOptions = {},
): Promise<Uint8Array> {
  const limits = { ...DEFAULTS, ...options };
  const fail = (why: string): never => {
    throw new HostError("COMPONENT_LOAD_FAILED", `${url.href}: ${why}`);
  };
  if (!(limits.timeoutMs > 0) || !(limits.maxBytes > 0))
    fail("remote.timeoutMs and remote.maxBytes must be positive");
  if (url.protocol === "http:" && !limits.allowHttp)
    fail("plain http is refused for components (use https, or set remote.allowHttp)");
  if (expectedSha256 === undefined && !limits.allowUnpinned)
    fail("a component loaded from a URL needs a sha256 pin (or remote.allowUnpinned)");
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const response = await fetch(url, { signal, redirect: "follow" }).catch((error: Error) =>
    fail(signal.aborted ? `no answer within ${limits.timeoutMs} ms (remote.timeoutMs)` : error.message),
  );
  if (new URL(response.url || url.href).protocol === "http:" && !limits.allowHttp)
    fail("redirected to plain http, which is refused (remote.allowHttp)");
  if (!response.ok) fail(`HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limits.maxBytes) fail(`${declared} bytes is more than remote.maxBytes (${limits.maxBytes})`);
  return readLimited(response, limits, signal, fail);
}

async function readLimited(
  response: Response,
  limits: Required<RemoteSourceOptions>,
  signal: AbortSignal,
  fail: (why: string) => never,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) fail(`more than remote.maxBytes (${limits.maxBytes}) bytes`);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HostError) throw error;
    fail(
      signal.aborted
        ? `no answer within ${limits.timeoutMs} ms (remote.timeoutMs)`
        : (error as Error).message,
    );
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
