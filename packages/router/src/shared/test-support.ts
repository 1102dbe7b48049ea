// Helpers shared by the router's tests (not exported from the package).
import { Client, type ClientOptions } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type CreateMcpServerOptions, createMcpServer } from "../legacy/create-server.js";
import type { McpBackend } from "./backend.js";

/** A message the server sent, with the request it said the message relates to. */
export interface SentMessage {
  message: JSONRPCMessage;
  relatedRequestId: string | number | undefined;
}

/** A connected SDK client and the router server behind it. */
export interface Connection {
  client: Client;
  server: Server;
  /** Everything the server sent, in order. */
  sent: SentMessage[];
  /** Errors the server reported locally (`server.onerror`). */
  errors: Error[];
  close(): Promise<void>;
}

/** Connects a real SDK `Client` to `createMcpServer(backend)` over the SDK's in-memory transport. */
export async function connect(
  backend: McpBackend,
  options: { server?: CreateMcpServerOptions; client?: ClientOptions } = {},
): Promise<Connection> {
  const server = createMcpServer(backend, { onInternalError: () => {}, ...options.server });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const sent: SentMessage[] = [];
  const send = serverSide.send.bind(serverSide);
  serverSide.send = (message: JSONRPCMessage, sendOptions?: TransportSendOptions) => {
    sent.push({ message, relatedRequestId: sendOptions?.relatedRequestId });
    return send(message, sendOptions);
  };
  const errors: Error[] = [];
  server.onerror = (error) => errors.push(error);
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "0" }, options.client);
  await client.connect(clientSide);
  return { client, server, sent, errors, close: () => client.close() };
}

/** Resolves once `predicate` holds, polling across macrotasks; rejects after `ms`. */
export async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Lets pending promise chains and macrotasks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

/** Waits `ms`, or rejects with `signal`'s reason once it aborts: a backend call that stops when told. */
export function workFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
