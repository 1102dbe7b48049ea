import type { IncomingHttpHeaders } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";

/** Host names a loopback-bound server answers to by default. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** Which `Host` and `Origin` values are accepted (DNS-rebinding protection). */
export interface OriginPolicy {
  /** Accepted host names (no port), lower case; `"any"` turns the Host check off. */
  allowedHosts: readonly string[] | "any";
  /** Accepted origins (`scheme://host[:port]`); `"any"` turns the Origin check off. */
  allowedOrigins: readonly string[] | "any";
}

/**
 * The host name of a `Host` header, lower-cased and without its port; IPv6 literals keep their
 * brackets. Undefined for a missing or malformed header.
 *
 * @example
 * ```ts
 * hostName("LocalHost:8080"); // "localhost"
 * hostName("[::1]:3000"); // "[::1]"
 * ```
 */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return end > 0 ? lower.slice(0, end + 1) : undefined;
  }
  const colon = lower.indexOf(":");
  const name = colon === -1 ? lower : lower.slice(0, colon);
  return name === "" ? undefined : name;
}

/**
 * Checks `Host` and `Origin` against the policy. A request without `Origin` (any non-browser
 * client) passes the Origin check; a browser page on another site, or a DNS-rebound name that
 * resolves to this machine, does not. Returns the reason for a refusal, or undefined.
 *
 * @example
 * ```ts
 * const policy = { allowedHosts: LOOPBACK_HOSTS, allowedOrigins: [] };
 * checkOrigin({ host: "evil.example.com" }, policy); // "Forbidden: Host evil.example.com is not allowed"
 * checkOrigin({ host: "127.0.0.1:3000", origin: "http://localhost:5173" }, policy); // undefined
 * ```
 */
export function checkOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): string | undefined {
  if (policy.allowedHosts !== "any") {
    const name = hostName(headers.host);
    if (!name || !policy.allowedHosts.includes(name)) {
      return `Forbidden: Host ${headers.host ?? "(missing)"} is not allowed`;
    }
  }
  const origin = headers.origin;
  if (origin === undefined || policy.allowedOrigins === "any") return undefined;
  return isOriginAllowed(origin, policy) ? undefined : `Forbidden: Origin ${origin} is not allowed`;
}

/** An origin is allowed if listed, or if its host name is an allowed host (same machine). */
export function isOriginAllowed(origin: string, policy: OriginPolicy): boolean {
  if (policy.allowedOrigins === "any") return true;
  if (policy.allowedOrigins.includes(origin)) return true;
  if (policy.allowedHosts === "any") return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return policy.allowedHosts.includes(url.hostname.toLowerCase());
}

/** Whether an `Accept` header lists a media type (or a wildcard covering it). */
export function accepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return false;
  const [type] = mediaType.split("/");
  for (const part of accept.split(",")) {
    const essence = part.split(";")[0]?.trim().toLowerCase();
    if (essence === mediaType || essence === "*/*" || essence === `${type}/*`) return true;
  }
  return false;
}

/** Whether a `Content-Type` header is JSON (`application/json`, any parameters). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/**
 * Checks `MCP-Protocol-Version` on a request after initialization: absent is accepted (the spec's
 * fallback is 2025-03-26), an unknown version is refused. Returns the reason, or undefined.
 *
 * @example
 * ```ts
 * checkProtocolVersion({ "mcp-protocol-version": "1999-01-01" }); // "Bad Request: Unsupported protocol version 1999-01-01 ..."
 * ```
 */
export function checkProtocolVersion(headers: IncomingHttpHeaders): string | undefined {
  const version = headers["mcp-protocol-version"];
  if (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(String(version))) return undefined;
  return `Bad Request: Unsupported protocol version ${String(version)} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`;
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined.
 *
 * @example
 * ```ts
 * bearerToken({ authorization: "Bearer abc" }); // "abc"
 * ```
 */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(value);
  return match?.[1];
}
