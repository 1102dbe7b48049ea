import type { IncomingMessage } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Authenticate } from "../options.js";
import { bearerToken } from "../request-guard.js";

/**
 * Thrown by an {@link Authenticate} to choose the refusal: 401 `invalid_token` (a token that is
 * not valid here) or 403 `insufficient_scope` with the scope needed (RFC 6750 §3.1).
 */
export class AuthRefusal extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly error: "invalid_token" | "insufficient_scope",
    description: string,
    /** With `insufficient_scope`: the scopes the request needs, space-separated. */
    readonly scope?: string,
  ) {
    super(description);
    this.name = "AuthRefusal";
  }
}

/** A request's credentials accepted (`authInfo`; undefined without a check), or its refusal. */
export type Admission =
  | { ok: true; authInfo: AuthInfo | undefined }
  | { ok: false; status: 401 | 403; message: string; headers: Record<string, string> };

/**
 * Runs `authenticate` on a request and builds the refusal both transports answer: the status and
 * a `WWW-Authenticate: Bearer` challenge with `error`, `error_description`, `scope` and
 * `resource_metadata` (RFC 9728 §5.1) as they apply. The token is never echoed.
 */
export async function admit(
  authenticate: Authenticate | undefined,
  req: IncomingMessage,
  resourceMetadataUrl: string | undefined,
): Promise<Admission> {
  if (!authenticate) return { ok: true, authInfo: undefined };
  const token = bearerToken(req.headers);
  let refusal: AuthRefusal | undefined;
  try {
    const authInfo = await authenticate({ token, req });
    if (authInfo) return { ok: true, authInfo };
  } catch (error) {
    if (error instanceof AuthRefusal) refusal = error;
  }
  const params = ['realm="mcp"'];
  if (resourceMetadataUrl) params.push(`resource_metadata="${resourceMetadataUrl}"`);
  if (refusal?.status === 403) {
    params.push('error="insufficient_scope"');
    if (refusal.scope) params.push(`scope="${quote(refusal.scope)}"`);
    params.push(`error_description="${quote(refusal.message)}"`);
    return { ok: false, status: 403, message: "Forbidden: insufficient scope", headers: challenge(params) };
  }
  if (token !== undefined) {
    params.push('error="invalid_token"');
    if (refusal) params.push(`error_description="${quote(refusal.message)}"`);
  }
  return { ok: false, status: 401, message: "Unauthorized", headers: challenge(params) };
}

function challenge(params: string[]): Record<string, string> {
  return { "www-authenticate": `Bearer ${params.join(", ")}` };
}

/** A quoted-string's content: printable ASCII without `"` and `\`. */
function quote(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, "").slice(0, 200);
}
