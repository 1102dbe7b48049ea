import type { RateLimits } from "@wasi-mcp/router";
import type { TokenCacheOptions } from "@wasi-mcp/transport-http";

/** `auth` of a configuration file: who may call what (ADR 0012). */
export interface AuthConfig {
  /** OAuth 2.1 resource server: JWTs of `issuer` for `audience`, RFC 9728 metadata published. */
  resourceServer?: {
    issuer: string;
    audience: string;
    jwksUri?: string;
    algorithms?: string[];
    requiredScopes?: string[];
    scopesSupported?: string[];
    clockToleranceSec?: number;
    /** The cache of verified tokens, or `false` (see `JwtOptions.cache`). */
    tokenCache?: TokenCacheOptions | false;
  };
  /** Static API keys: a JSON array of `{ key, subject, scopes }` in a file or environment variable. */
  apiKeys?: { file?: string; env?: string };
  /** Scopes a caller needs per tool name or `*` pattern. */
  toolScopes?: Record<string, string[]>;
}

/** `invocationLog` of a configuration file: one JSON line per `tools/call`. */
export interface InvocationLogConfig {
  /** Append to this file instead of stderr. */
  file?: string;
  /** Tool names or `*` patterns whose arguments are recorded. */
  logArguments?: string[];
}

/** The front door's part of a configuration. */
export interface FrontDoorConfig {
  auth?: AuthConfig;
  invocationLog?: InvocationLogConfig;
  /** Token buckets on `tools/call` (the router's `RateLimits`). */
  rateLimits?: RateLimits;
}
