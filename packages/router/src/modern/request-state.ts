import {
  createRequestStateCodec,
  type RequestStateCodec,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** One client answer recorded in the sealed `requestState`: its key, method and response. */
export interface RecordedAnswer {
  k: string;
  m: string;
  r: Record<string, unknown>;
}

/** What the router seals into `requestState` (version 1). */
export interface ReplayState {
  v: 1;
  /** Digest of the request's params (without `_meta`, `inputResponses`, `requestState`). */
  d: string;
  /** The answers of client requests 0, 1, … (`null` where one is still unanswered). */
  a: (RecordedAnswer | null)[];
}

/** Minimum `requestStateKey` length, as the SDK's codec requires (HMAC-SHA256). */
export const MIN_REQUEST_STATE_KEY_BYTES = 32;

const codecs = new Map<string, RequestStateCodec<ReplayState>>();
// Web Crypto's getRandomValues and a JS SHA-256 keep the router free of Node built-ins, so that it
// also runs in a browser page (@wasi-mcp/host-browser).
const processKey = globalThis.crypto.getRandomValues(new Uint8Array(32));

/**
 * The `requestState` codec for `key` (the SDK's HMAC-SHA256, `v1.`, expiring codec), bound to the
 * method and the authenticated principal. Without a key, a random key of this process: correct
 * while one process serves every round of a request; replicas must share a key.
 */
export function replayStateCodec(
  key: string | Uint8Array | undefined,
  ttlSeconds = 600,
): RequestStateCodec<ReplayState> {
  const secret = key ?? processKey;
  const id = `${ttlSeconds}:${typeof secret === "string" ? `s:${secret}` : `b:${bytesToHex(secret)}`}`;
  let codec = codecs.get(id);
  if (!codec) {
    codec = createRequestStateCodec<ReplayState>({ key: secret, ttlSeconds, bind: bindingOf });
    codecs.set(id, codec);
  }
  return codec;
}

function bindingOf(ctx: ServerContext): string {
  return `${ctx.mcpReq.method}\0${ctx.http?.authInfo?.clientId ?? ""}`;
}

/**
 * SHA-256 of the request's params as canonical JSON (sorted keys), leaving out what changes
 * between rounds of one request: `_meta`, `inputResponses` and `requestState`.
 */
export function paramsDigest(params: Record<string, unknown> | undefined): string {
  const { _meta, inputResponses, requestState, ...rest } = params ?? {};
  return base64url(sha256(utf8ToBytes(canonicalJson(rest))));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Whether a verified payload has the shape this router seals (a state of another version does not). */
export function isReplayState(value: unknown): value is ReplayState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Partial<ReplayState>;
  return state.v === 1 && typeof state.d === "string" && Array.isArray(state.a);
}
