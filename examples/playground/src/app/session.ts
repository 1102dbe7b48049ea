// One loaded component and the SDK Client talking to it over the in-page transport.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ElicitRequestSchema,
  type ElicitResult,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type * as Host from "@wasi-mcp/host-browser";

/** The host bundle, copied beside the page by the build. */
const HOST_URL = "./host/host.js";

/** What the page hears from a session. */
export interface SessionHooks {
  onLog(level: string, logger: string | undefined, data: unknown): void;
  onListChanged(): void;
  onRestart(reason: string): void;
  /** Asks the person; the result goes back to the component. */
  elicit(message: string, requestedSchema: Record<string, unknown>): Promise<ElicitResult>;
}

/** A component loaded in the page with a connected client. */
export interface Session {
  name: string;
  client: Client;
  component: Host.BrowserComponent;
  close(): Promise<void>;
}

/** Loads a component (URL or bytes), serves it in the page and connects an SDK Client to it. */
export async function openSession(
  source: string | Uint8Array,
  name: string | undefined,
  hooks: SessionHooks,
): Promise<Session> {
  const host = (await import(/* @vite-ignore */ HOST_URL)) as typeof Host;
  const component = await host.loadBrowserComponent(source, {
    ...(name ? { name } : {}),
    // A call's deadline includes the time a person takes to answer an elicitation dialog.
    policy: { deadlineMs: 120_000 },
    onRestart: hooks.onRestart,
    onLog: (level, message, data) =>
      hooks.onLog(level, undefined, data === undefined ? message : { message, data }),
  });
  const { port } = await host.serveInPage(component);
  const client = new Client(
    { name: "wasi-mcp-playground", version: "0.1.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) =>
    hooks.onLog(params.level, params.logger, params.data),
  );
  for (const schema of [
    ToolListChangedNotificationSchema,
    ResourceListChangedNotificationSchema,
    PromptListChangedNotificationSchema,
  ]) {
    client.setNotificationHandler(schema, () => hooks.onListChanged());
  }
  client.setRequestHandler(ElicitRequestSchema, ({ params }) =>
    hooks.elicit(
      params.message,
      ("requestedSchema" in params ? params.requestedSchema : {}) as Record<string, unknown>,
    ),
  );
  await client.connect(new host.MessagePortTransport(port));
  if (client.getServerCapabilities()?.logging) await client.setLoggingLevel("debug");
  return {
    name: component.name,
    client,
    component,
    close: async () => {
      await client.close();
      await component.close();
    },
  };
}
