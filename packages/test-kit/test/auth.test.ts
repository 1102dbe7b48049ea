// The front door (ADR 0012) with real parts: `oidc-provider` as the authorization server
// (client-credentials grant, resource indicators so the token's `aud` is our URI), the resource
// server's `jwtAuthenticator` on Streamable HTTP and WebSocket, SDK v1 and v2 clients using the
// token, forged and broken tokens refused with the right status and challenge, static API keys,
// and tool scopes that hide and refuse tools on both faces.
import { createServer as createNodeServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttp,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  createMcpEndpoint,
  createPlainBackend,
  type InvocationRecord,
  type McpEndpoint,
  PRINCIPAL_META_KEY,
} from "@wasi-mcp/router";
import {
  type Authenticate,
  apiKeyAuthenticator,
  createHttpServer,
  jwtAuthenticator,
  type McpHttpServer,
} from "@wasi-mcp/transport-http";
import {
  createWebSocketServer,
  type McpWebSocketServer,
  WebSocketClientTransport,
} from "@wasi-mcp/transport-ws";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

type ModernTransport = Parameters<ModernClient["connect"]>[0];
const PIN_2026 = { versionNegotiation: { mode: { pin: "2026-07-28" } } } as const;
const CLIENT = { id: "agent", secret: "agent-secret-that-is-long-enough-0123456789" };

let issuer = "";
let idp: Server | undefined;
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let signingKey: SigningKey;
let resource = "";
let http: McpHttpServer | undefined;
let ws: McpWebSocketServer | undefined;
let endpoint: McpEndpoint | undefined;
const invocations: InvocationRecord[] = [];
const called: string[] = [];
/** oidc-provider's client-credentials tokens name the client as `sub`. */
const principalSubject = CLIENT.id;

/** Listens on a free loopback port and returns it. */
async function freePort(): Promise<number> {
  const probe = createNodeServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const idpPort = await freePort();
  issuer = `http://127.0.0.1:${idpPort}`;
  resource = `http://127.0.0.1:${await freePort()}/mcp`;
  const pair = await generateKeyPair("RS256", { extractable: true });
  signingKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: "k1", alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_post",
        scope: "mcp notes:read notes:write",
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ["mcp", "notes:read", "notes:write"],
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "mcp notes:read notes:write",
          audience: resource,
          accessTokenTTL: 300,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
  });
  idp = createNodeServer(provider.callback());
  await new Promise<void>((resolve) => idp?.listen(idpPort, "127.0.0.1", resolve));

  endpoint = createMcpEndpoint(
    createPlainBackend({
      name: "notes",
      version: "1.0.0",
      tools: ["notes__list", "notes__add", "echo"].map((name) => ({
        name,
        inputSchema: { type: "object" },
        call: (_args, request) => {
          called.push(name);
          const principal = request.meta?.[PRINCIPAL_META_KEY] as { subject?: string } | undefined;
          return { content: [{ type: "text", text: `${name} for ${principal?.subject ?? "nobody"}` }] };
        },
      })),
    }),
    {
      toolScopes: { "notes__*": ["notes:read"], notes__add: ["notes:write"] },
      invocationLog: (record) => invocations.push(record),
      logArguments: ["echo"],
    },
  );
  const authenticate = jwtAuthenticator({ issuer, audience: resource, requiredScopes: ["mcp"] });
  http = await createHttpServer({
    endpoint,
    port: Number(new URL(resource).port),
    authenticate,
    protectedResource: { resource, authorizationServers: [issuer], scopesSupported: ["mcp", "notes:read"] },
  });
  ws = await createWebSocketServer({
    endpoint,
    authenticate,
    protectedResource: { resource, authorizationServers: [issuer] },
  });
}, 60_000);

afterAll(async () => {
  await http?.close();
  await ws?.close();
  await endpoint?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

/** A client-credentials token from the authorization server, for our resource. */
async function tokenFor(scope: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
      scope,
      resource,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A token signed by us, with the authorization server's key unless another is given. */
async function forged(
  claims: Record<string, unknown>,
  options: { key?: SigningKey; kid?: string; exp?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: "mcp notes:read notes:write", client_id: CLIENT.id, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "k1" })
    .setIssuer((claims.iss as string | undefined) ?? issuer)
    .setAudience((claims.aud as string | undefined) ?? resource)
    .setSubject("forger")
    .setIssuedAt(now - 10)
    .setExpirationTime(options.exp ?? now + 300)
    .sign(options.key ?? signingKey);
}

interface Wire {
  name: string;
  legacy(token: string): Transport;
  modern(token: string): ModernTransport;
  /** The status and `WWW-Authenticate` of an unauthenticated or refused request. */
  refused(token: string | undefined): Promise<{ status: number; challenge: string }>;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const wires: Wire[] = [
  {
    name: "Streamable HTTP",
    legacy: (token) =>
      new StreamableHTTPClientTransport((http as McpHttpServer).url, {
        requestInit: { headers: bearer(token) },
      }),
    modern: (token) =>
      new ModernHttp((http as McpHttpServer).url, {
        requestInit: { headers: bearer(token) },
      }) as ModernTransport,
    refused: async (token) => {
      const response = await fetch((http as McpHttpServer).url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(token === undefined ? {} : bearer(token)),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
      });
      return { status: response.status, challenge: response.headers.get("www-authenticate") ?? "" };
    },
  },
  {
    name: "WebSocket",
    legacy: (token) =>
      new WebSocketClientTransport((ws as McpWebSocketServer).url, { headers: bearer(token) }),
    modern: (token) =>
      new WebSocketClientTransport((ws as McpWebSocketServer).url, {
        headers: bearer(token),
      }) as unknown as ModernTransport,
    refused: (token) =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket((ws as McpWebSocketServer).url, ["mcp"], {
          headers: token === undefined ? {} : bearer(token),
        });
        socket.once("unexpected-response", (_req, res) => {
          resolve({ status: res.statusCode ?? 0, challenge: String(res.headers["www-authenticate"] ?? "") });
          socket.terminate();
        });
        socket.once("open", () => reject(new Error("upgrade was accepted")));
        socket.once("error", () => undefined);
      }),
  },
];

describe("protected resource metadata", () => {
  it("is published by a WebSocket server's own HTTP server too", async () => {
    const wsUrl = (ws as McpWebSocketServer).url;
    const response = await fetch(`http://${wsUrl.host}/.well-known/oauth-protected-resource/mcp`);
    expect(await response.json()).toMatchObject({ resource, authorization_servers: [issuer] });
  });

  it("is published at the path-suffixed and the bare well-known path", async () => {
    for (const path of [
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-protected-resource",
    ]) {
      const response = await fetch(new URL(path, resource));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [issuer],
        bearer_methods_supported: ["header"],
        scopes_supported: ["mcp", "notes:read"],
      });
    }
  });
});

describe.each(wires)("authorization on $name", (wire) => {
  it("SDK v1 Client (2025-11-25) with a token from the authorization server sees and calls its tools", async () => {
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(wire.legacy(await tokenFor("mcp notes:read")));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["notes__list", "echo"]);
      // The backend learns the caller's subject from the request's _meta, never the token; a
      // principal the client puts there itself is replaced.
      expect(
        await client.callTool({
          name: "notes__list",
          arguments: {},
          _meta: { [PRINCIPAL_META_KEY]: { subject: "forged" } },
        }),
      ).toEqual({ content: [{ type: "text", text: `notes__list for ${principalSubject}` }] });
      called.length = 0;
      await expect(client.callTool({ name: "notes__add", arguments: { text: "x" } })).rejects.toThrow(
        /Unknown tool: notes__add/,
      );
      expect(called).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("SDK v2 Client (2026-07-28) with a token sees the tools its scopes allow, and the log names it", async () => {
    const client = new ModernClient({ name: "v2", version: "0" }, PIN_2026);
    await client.connect(wire.modern(await tokenFor("mcp notes:read notes:write")));
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
        "notes__list",
        "notes__add",
        "echo",
      ]);
      invocations.length = 0;
      await client.callTool({ name: "notes__add", arguments: { text: "secret" } });
      await client.callTool({ name: "echo", arguments: { text: "shown" } });
      expect(invocations).toMatchObject([
        {
          method: "tools/call",
          tool: "notes__add",
          outcome: "ok",
          principal: { clientId: CLIENT.id, scopes: ["mcp", "notes:read", "notes:write"] },
        },
        { tool: "echo", outcome: "ok", arguments: { text: "shown" } },
      ]);
      expect(invocations[0]).not.toHaveProperty("arguments");
      expect(JSON.stringify(invocations)).not.toMatch(/secret|eyJ/);
    } finally {
      await client.close();
    }
    const reader = new ModernClient({ name: "v2-reader", version: "0" }, PIN_2026);
    await reader.connect(wire.modern(await tokenFor("mcp notes:read")));
    try {
      expect((await reader.listTools()).tools.map((t) => t.name)).toEqual(["notes__list", "echo"]);
      called.length = 0;
      invocations.length = 0;
      await expect(reader.callTool({ name: "notes__add", arguments: {} })).rejects.toThrow(
        /Unknown tool: notes__add/,
      );
      expect(called).toEqual([]);
      expect(invocations).toMatchObject([{ tool: "notes__add", outcome: "refused", errorCode: -32602 }]);
    } finally {
      await reader.close();
    }
  });

  it("answers no credential with 401 and the resource metadata URL", async () => {
    const { status, challenge } = await wire.refused(undefined);
    expect(status).toBe(401);
    expect(challenge).toContain(
      `resource_metadata="${new URL(resource).origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(challenge).not.toContain("error=");
  });

  it("refuses a wrong audience, an expired token, a wrong issuer, alg none and an unknown key with 401", async () => {
    const stranger = await generateKeyPair("RS256");
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ iss: issuer, aud: resource, sub: "x", scope: "mcp", exp: now + 300 }),
    ).toString("base64url");
    const cases: [string, string, RegExp][] = [
      ["wrong audience", await forged({ aud: "http://127.0.0.1:1/other" }), /aud claim/],
      ["expired", await forged({}, { exp: now - 3600 }), /expired/],
      ["wrong issuer", await forged({ iss: "http://127.0.0.1:1" }), /iss claim/],
      ["alg none", `${header}.${payload}.`, /not valid|algorithm/],
      ["unknown key", await forged({}, { key: stranger.privateKey, kid: "k2" }), /key is not in/],
      ["known kid, other key", await forged({}, { key: stranger.privateKey }), /signature/],
      ["garbage", "not-a-jwt", /not valid/],
    ];
    called.length = 0;
    invocations.length = 0;
    for (const [name, token, description] of cases) {
      const { status, challenge } = await wire.refused(token);
      expect({ name, status }).toEqual({ name, status: 401 });
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toMatch(description);
      expect(challenge).toContain("resource_metadata=");
    }
    expect(called).toEqual([]);
    expect(invocations).toEqual([]);
  });

  it("answers a token without the required scope 403 insufficient_scope naming it", async () => {
    const { status, challenge } = await wire.refused(await tokenFor("notes:read"));
    expect(status).toBe(403);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="mcp"');
  });
});

describe("static API keys", () => {
  it("accept a listed key with its scopes on both wires and refuse others", async () => {
    const keys: Authenticate = apiKeyAuthenticator([
      { key: "k-reader-0123456789abcdef", subject: "reader", scopes: ["notes:read"] },
    ]);
    const keyed = createMcpEndpoint(
      createPlainBackend({
        name: "keyed",
        version: "1",
        tools: ["notes__add", "notes__list"].map((name) => ({
          name,
          inputSchema: { type: "object" },
          call: () => ({ content: [] }),
        })),
      }),
      { toolScopes: { notes__add: ["notes:write"], notes__list: ["notes:read"] } },
    );
    const keyedHttp = await createHttpServer({ endpoint: keyed, authenticate: keys });
    const keyedWs = await createWebSocketServer({ endpoint: keyed, authenticate: keys });
    try {
      for (const transport of [
        new StreamableHTTPClientTransport(keyedHttp.url, {
          requestInit: { headers: bearer("k-reader-0123456789abcdef") },
        }),
        new WebSocketClientTransport(keyedWs.url, { headers: bearer("k-reader-0123456789abcdef") }),
      ]) {
        const client = new Client({ name: "keyed", version: "0" });
        await client.connect(transport);
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["notes__list"]);
        await client.close();
      }
      const wrong = new Client({ name: "wrong", version: "0" });
      await expect(
        wrong.connect(
          new StreamableHTTPClientTransport(keyedHttp.url, {
            requestInit: { headers: bearer("k-reader-0123456789abcdeX") },
          }),
        ),
      ).rejects.toThrow(/401|Unauthorized/);
    } finally {
      await keyedHttp.close();
      await keyedWs.close();
      await keyed.close();
    }
  });
});
