// The browser platform's instance side: a Web Worker running instance-worker.ts, answered through
// a SharedArrayBuffer it waits on with Atomics.wait (ADR 0006 §5).
import type { ClientReply, FromWorker, InstanceChannel, ToWorker } from "@wasi-mcp/host/engine";
import { createReplyBuffer, writeReply } from "./reply-channel.js";

/**
 * One instance's Web Worker. A blocked worker receives no messages, so blocking replies travel in
 * a shared buffer, which exists only in a cross-origin isolated page; elsewhere the worker refuses
 * the requests that would need one (asking the client), naming the headers.
 */
export class BrowserChannel implements InstanceChannel {
  readonly #worker: Worker;
  readonly #replies = createReplyBuffer();
  #onExit: (detail: string) => void = () => {};

  constructor(workerUrl: URL, name: string) {
    this.#worker = new Worker(workerUrl, { type: "module", name: `wasi-mcp:${name}` });
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#onExit(event.message || "its worker failed");
    };
  }

  post(message: ToWorker): void {
    this.#worker.postMessage(message.type === "init" ? { ...message, replies: this.#replies } : message);
  }

  onMessage(listener: (message: FromWorker) => void): void {
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => listener(event.data);
  }

  onExit(listener: (detail: string) => void): void {
    this.#onExit = listener;
  }

  reply(reply: ClientReply): void {
    if (this.#replies) writeReply(this.#replies, reply);
  }

  terminate(): void {
    this.#worker.terminate();
  }
}
