/** What a protected MCP endpoint says about itself (RFC 9728 Protected Resource Metadata). */
export interface ProtectedResource {
  /** The canonical server URI, e.g. `https://mcp.example.com/mcp`: the tokens' audience. */
  resource: string;
  /** Issuer identifiers of the authorization servers whose tokens are accepted. */
  authorizationServers: readonly string[];
  /** Scopes a client may ask for. */
  scopesSupported?: readonly string[];
  /** Shown to people (RFC 9728 `resource_name`). */
  resourceName?: string;
}

/** The well-known prefix of RFC 9728. */
export const PROTECTED_RESOURCE_WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** The RFC 9728 metadata document. */
export function protectedResourceMetadata(resource: ProtectedResource): Record<string, unknown> {
  return {
    resource: resource.resource,
    authorization_servers: [...resource.authorizationServers],
    bearer_methods_supported: ["header"],
    ...(resource.scopesSupported ? { scopes_supported: [...resource.scopesSupported] } : {}),
    ...(resource.resourceName ? { resource_name: resource.resourceName } : {}),
  };
}

/**
 * Where the document is served: the path-suffixed form for the resource's path (RFC 9728 §3.1,
 * `/.well-known/oauth-protected-resource/mcp`), and the bare form.
 */
export function metadataPaths(resource: string): string[] {
  const { pathname } = new URL(resource);
  const suffixed =
    pathname === "/" ? PROTECTED_RESOURCE_WELL_KNOWN : PROTECTED_RESOURCE_WELL_KNOWN + pathname;
  return [...new Set([suffixed, PROTECTED_RESOURCE_WELL_KNOWN])];
}

/** The URL of the document, as a 401's `resource_metadata` names it. */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  return new URL(metadataPaths(resource)[0] as string, url.origin).href;
}
