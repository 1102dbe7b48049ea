import type { EnginePlatform } from "@wasi-mcp/host/engine";
import { BrowserChannel } from "./browser-channel.js";
import type { ResolvedBrowserPolicy } from "./policy.js";

/**
 * The engine's platform in a page: each instance in a Web Worker started from `workerUrl` (the
 * package's instance worker script), which starts importing the component's glue at once. No
 * instance runs in the page's own thread: a guest there would block the page.
 */
export function browserPlatform(workerUrl: URL): EnginePlatform<ResolvedBrowserPolicy> {
  return {
    spawn(spec) {
      const channel = new BrowserChannel(workerUrl, spec.name);
      channel.post({ type: "prepare", entryUrl: spec.entryUrl, imports: spec.imports });
      return channel;
    },
  };
}
