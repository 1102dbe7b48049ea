import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import type { Authenticate } from "../options.js";
import { AuthRefusal } from "./refusal.js";
import { TokenCache, type TokenCacheOptions } from "./token-cache.js";

/** Settings of {@link jwtAuthenticator}: an OAuth 2.1 resource server's token check. */
export interface JwtOptions {
  /** The authorization server's issuer identifier; tokens must carry it as `iss`. */
  issuer: string;
  /** The canonical server URI; tokens must carry it in `aud` (RFC 8707). */
  audience: string;
  /** The issuer's key set. Default: `jwks_uri` of its RFC 8414 or OpenID discovery document. */
  jwksUri?: string;
  /** Accepted signature algorithms. Default `RS256`, `PS256`, `ES256`, `EdDSA`; never `none`. */
  algorithms?: readonly string[];
  /** Scopes every request needs; a token without them gets 403 `insufficient_scope`. */
  requiredScopes?: readonly string[];
  /** Tolerated clock difference for `exp`/`nbf`, in seconds. Default 30. */
  clockToleranceSec?: number;
  /**
   * The cache of verified tokens (by SHA-256, each until `min(exp, ttlMs)`), or `false` to verify
   * every request. Default: 1000 tokens for at most 60 s.
   */
  cache?: TokenCacheOptions | false;
}

const DEFAULT_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"];
const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * Checks bearer JWTs with `jose`: signature against the issuer's JWKS, `iss`, `aud`, `exp` (which
 * must be present) and `nbf`, then the required scopes. The accepted `AuthInfo` carries the
 * subject in `extra.subject`.
 *
 * @example
 * ```ts
 * const authenticate = jwtAuthenticator({ issuer: "https://id.example.com", audience: "https://mcp.example.com/mcp" });
 * ```
 */
export function jwtAuthenticator(options: JwtOptions): Authenticate {
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  if (algorithms.some((alg) => alg.toLowerCase() === "none")) {
    throw new TypeError('auth: algorithm "none" is never accepted');
  }
  const required = [...(options.requiredScopes ?? [])];
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    keys ??= discoverJwksUri(options).then((uri) => createRemoteJWKSet(new URL(uri)));
    keys.catch(() => {
      keys = undefined; // try discovery again on the next request
    });
    return keys;
  };
  const cache = options.cache === false ? undefined : new TokenCache(options.cache);
  return async ({ token }) => {
    if (!token) return undefined;
    const known = cache?.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSec ?? 30,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      throw new AuthRefusal(401, "invalid_token", describe(error));
    }
    const scopes = scopesOf(payload);
    const missing = required.filter((scope) => !scopes.includes(scope));
    if (missing.length > 0) {
      throw new AuthRefusal(
        403,
        "insufficient_scope",
        "The token lacks a required scope",
        required.join(" "),
      );
    }
    const clientId = stringClaim(payload, "client_id") ?? stringClaim(payload, "azp") ?? payload.sub ?? "";
    const info: AuthInfo = {
      token,
      clientId,
      scopes,
      resource: new URL(options.audience),
      extra: { subject: payload.sub ?? clientId, issuer: payload.iss },
    };
    if (payload.exp !== undefined) info.expiresAt = payload.exp;
    cache?.set(token, info);
    return info;
  };
}

/** `jwks_uri` of the issuer: the option, or its RFC 8414 document, or its OpenID configuration. */
async function discoverJwksUri(options: JwtOptions): Promise<string> {
  if (options.jwksUri) return options.jwksUri;
  const issuer = new URL(options.issuer);
  const path = issuer.pathname === "/" ? "" : issuer.pathname.replace(/\/$/, "");
  const candidates = [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
  for (const url of candidates) {
    const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) }).catch(
      () => undefined,
    );
    if (!response?.ok) continue;
    const document = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (document?.issuer !== options.issuer) continue;
    if (typeof document.jwks_uri === "string") return document.jwks_uri;
  }
  throw new Error(`auth: no jwks_uri found in the metadata of issuer ${options.issuer}`);
}

function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === "string") return payload.scope.split(" ").filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === "string");
  return [];
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" ? value : undefined;
}

/** What a client is told about a refused token: the check that failed, nothing from the token. */
function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's algorithm is not accepted";
  if (error instanceof errors.JWKSNoMatchingKey) return "The token's key is not in the issuer's key set";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is invalid";
  return "The token is not valid here";
}
