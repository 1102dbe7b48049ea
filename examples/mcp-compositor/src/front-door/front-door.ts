import { createWriteStream } from "node:fs";
import type { InvocationLog, McpEndpointOptions } from "@wasi-mcp/router";
import {
  type Authenticate,
  apiKeyAuthenticator,
  jwtAuthenticator,
  type ProtectedResource,
  readApiKeys,
} from "@wasi-mcp/transport-http";
import type { FrontDoorConfig } from "./config.js";

/** What the front door adds to a transport's options. */
export interface TransportAuth {
  authenticate?: Authenticate;
  /** The RFC 9728 document to publish (and name in refusals). */
  protectedResource?: ProtectedResource;
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
    const { tokenCache, ...jwt } = server;
    transport.authenticate = jwtAuthenticator({
      ...jwt,
      ...(tokenCache === undefined ? {} : { cache: tokenCache }),
    });
    transport.protectedResource = {
      resource: server.audience,
      authorizationServers: [server.issuer],
      ...(server.scopesSupported ? { scopesSupported: server.scopesSupported } : {}),
    };
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
