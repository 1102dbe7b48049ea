// Entry of an instance's Web Worker: the engine's instance runtime over the browser's WASI. The
// page (the engine's WorkerInstance over browser-channel.ts) sends `init` once, then `call`s one at
// a time; this side converts results to MCP before posting them.
import {
  type BlockingRequest,
  ComponentRuntime,
  type FromWorker,
  GuestError,
  type InitMessage,
  type ToWorker,
} from "@wasi-mcp/host/engine";
import type { ResolvedBrowserPolicy } from "./policy.js";
import { waitForReply } from "./reply-channel.js";
import { createBrowserWasi } from "./wasi-browser.js";

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** What browser-channel.ts adds to an `init`: where the page writes blocking replies, if isolated. */
type BrowserInitMessage = InitMessage<ResolvedBrowserPolicy> & { replies?: SharedArrayBuffer | undefined };

const scope = globalThis as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);
const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
let replies: SharedArrayBuffer | undefined;

const runtime = new ComponentRuntime<ResolvedBrowserPolicy>(
  {
    emit: (event, callId) => post({ type: "event", callId, event }),
    ask,
    output: {
      write: (stream, bytes) =>
        post({ type: "output", stream, text: decoders[stream].decode(bytes, { stream: true }) }),
    },
  },
  async (request) => createBrowserWasi(request),
);

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "prepare") {
    // Failures are reported by `init`, which imports the same module.
    import(/* @vite-ignore */ message.entryUrl).catch(() => {});
  } else if (message.type === "init") {
    const init = message as BrowserInitMessage;
    replies = init.replies;
    void runtime.start(init).then(post);
  } else post(runtime.call(message));
};

/**
 * Sends a request to the page and blocks this worker until it answers. Blocking needs a
 * SharedArrayBuffer, which a page has only when cross-origin isolated; connecting to other servers
 * (`wasi:mcp/client`) is not offered in the page.
 */
function ask(request: BlockingRequest): unknown {
  if (request.type === "broker-request") {
    throw new GuestError("unauthorized", "the browser host does not connect components to other servers");
  }
  if (!replies) {
    throw new GuestError(
      "unsupported-operation",
      "asking the client needs a cross-origin isolated page (COOP same-origin + COEP require-corp) in the browser host",
    );
  }
  const buffer = replies;
  const reply = waitForReply(buffer, () => post(request));
  if (!reply.ok) throw new GuestError(reply.error.code, reply.error.message, reply.error.data);
  return reply.result;
}
