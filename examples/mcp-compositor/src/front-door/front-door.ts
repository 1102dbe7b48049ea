import { createWriteStream } from "node:fs";
import type { InvocationLog, McpEndpointOptions } from "@wasi-mcp/router";
import {
  type Authenticate,
  apiKeyAuthenticator,
  jwtAuthenticator,
  metadataUrl,
  type ProtectedResource,
  readApiKeys,
} from "@wasi-mcp/transport-http";
import type { FrontDoorConfig } from "./config.js";

/** What the front door adds to a transport's options. */
export interface TransportAuth {
  authenticate?: Authenticate;
  /** HTTP: the RFC 9728 document to publish. */
  protectedResource?: ProtectedResource;
  /** WebSocket: the document's URL, named in refusals. */
  resourceMetadataUrl?: string;
}

/** The front door of one process: the transports' credential check, the endpoint's tool rules and log. */
export interface FrontDoor {
  transport: TransportAuth;
  endpoint: Pick<McpEndpointOptions, "toolScopes" | "invocationLog" | "logArguments" | "rateLimits">;
  /** Flushes and closes the invocation log's file. */
  close(): Promise<void>;
}

/**
 * Builds the front door a configuration describes: nothing for an empty one.
 *
 * @example
 * ```ts
 * const door = frontDoor({ auth: { apiKeys: { env: "MCP_API_KEYS" } } });
 * await createHttpServer({ endpoint, ...door.transport });
 * ```
 */
export function frontDoor(config: FrontDoorConfig | undefined): FrontDoor {
  const { auth, invocationLog } = config ?? {};
  const transport: TransportAuth = {};
  const server = auth?.resourceServer;
  if (server) {
    transport.authenticate = jwtAuthenticator(server);
    transport.protectedResource = {
      resource: server.audience,
      authorizationServers: [server.issuer],
      ...(server.scopesSupported ? { scopesSupported: server.scopesSupported } : {}),
    };
    transport.resourceMetadataUrl = metadataUrl(server.audience);
  } else if (auth?.apiKeys) {
    transport.authenticate = apiKeyAuthenticator(readApiKeys(auth.apiKeys));
  }
  const endpoint: FrontDoor["endpoint"] = {};
  if (auth?.toolScopes) endpoint.toolScopes = auth.toolScopes;
  if (config?.rateLimits) endpoint.rateLimits = config.rateLimits;
  let close = async () => {};
  if (invocationLog) {
    const sink = invocationLog.file ? createWriteStream(invocationLog.file, { flags: "a" }) : undefined;
    const log: InvocationLog = (record) => {
      const line = `${JSON.stringify(record)}\n`;
      if (sink) sink.write(line);
      else process.stderr.write(line);
    };
    endpoint.invocationLog = log;
    if (invocationLog.logArguments) endpoint.logArguments = invocationLog.logArguments;
    if (sink) close = () => new Promise((resolve) => sink.end(resolve));
  }
  return { transport, endpoint, close };
}

/** The HTTP transport's share of the front door: the check and the published metadata. */
export function httpAuth(auth: TransportAuth): Omit<TransportAuth, "resourceMetadataUrl"> {
  return {
    ...(auth.authenticate ? { authenticate: auth.authenticate } : {}),
    ...(auth.protectedResource ? { protectedResource: auth.protectedResource } : {}),
  };
}

/** The WebSocket transport's share: the check and the metadata URL its refusals name. */
export function wsAuth(auth: TransportAuth): Omit<TransportAuth, "protectedResource"> {
  return {
    ...(auth.authenticate ? { authenticate: auth.authenticate } : {}),
    ...(auth.resourceMetadataUrl ? { resourceMetadataUrl: auth.resourceMetadataUrl } : {}),
  };
}
