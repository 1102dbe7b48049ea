import type { Stream } from "node:stream";
import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  Implementation,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  ListToolsResult,
  Progress,
  ReadResourceResult,
  ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";

/**
 * The revision line an upstream was connected in: `legacy` is 2025-11-25 through the SDK v1
 * client, `modern` is 2026-07-28 through the SDK v2 client (ADR 0013 §2).
 */
export type UpstreamEra = "legacy" | "modern";

/** How one request to an upstream is bounded and observed. */
export interface SessionRequestOptions {
  signal: AbortSignal;
  timeout: number;
  onprogress?: (progress: Progress) => void;
}

/** A server→client request an upstream sent (sampling, elicitation, roots), or asked for by `input_required`. */
export interface UpstreamQuestion {
  method: string;
  params?: unknown;
}

/** What a session reports to the backend that owns it. */
export interface SessionHooks {
  /** A notification outside any call: list changes, resource updates, log messages. */
  onNotification(method: string, params: Record<string, unknown> | undefined): void;
  /** Answers an upstream's question by asking the client of the call it belongs to. */
  ask(question: UpstreamQuestion): Promise<unknown>;
  /** The connection closed (the child exited, the server went away). */
  onclose(): void;
  /** A line the upstream child wrote to stderr. */
  onStderr?(line: string): void;
}

/**
 * One live connection to an upstream, whatever its era: the operations the backend forwards, with
 * the era's differences (v1 or v2 client, `resources/subscribe` or `subscriptions/listen`, `ping`
 * or `server/discover`) kept behind it.
 */
export interface UpstreamSession {
  readonly era: UpstreamEra;
  /** The stdio child's process id, while one runs. */
  readonly pid: number | undefined;
  getServerCapabilities(): ServerCapabilities | undefined;
  getServerVersion(): Implementation | undefined;
  getInstructions(): string | undefined;
  listTools(params?: { cursor?: string }): Promise<ListToolsResult>;
  listPrompts(params?: { cursor?: string }): Promise<ListPromptsResult>;
  listResources(params?: { cursor?: string }): Promise<ListResourcesResult>;
  listResourceTemplates(params?: { cursor?: string }): Promise<ListResourceTemplatesResult>;
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    options: SessionRequestOptions,
  ): Promise<CallToolResult>;
  readResource(params: { uri: string }, options: SessionRequestOptions): Promise<ReadResourceResult>;
  getPrompt(
    params: { name: string; arguments?: Record<string, string> },
    options: SessionRequestOptions,
  ): Promise<GetPromptResult>;
  complete(params: Record<string, unknown>, options: SessionRequestOptions): Promise<CompleteResult>;
  /** Resource update notifications for `uris` from now on (the whole set, replacing the last). */
  watchResources(uris: readonly string[]): Promise<void>;
  /** A liveness check answered within `timeoutMs`, or a rejection. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Splits a child's stderr into lines for `onLine` (a line longer than 4 KiB is cut). */
export function forwardLines(stream: Stream | null | undefined, onLine?: (line: string) => void): void {
  let pending = "";
  stream?.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString("utf8")).split("\n");
    pending = (lines.pop() ?? "").slice(-4096);
    for (const line of lines) if (line) onLine?.(line);
  });
}
