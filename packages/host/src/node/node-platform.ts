import type { EnginePlatform } from "../engine/platform.js";
import type { ResolvedPolicy } from "../policy.js";
import { NodeChannel } from "./node-channel.js";
import { nodeWasi } from "./node-wasi.js";

/**
 * The engine's platform in Node: instances in worker threads (their compiled code cached in
 * `codeCache`, a directory), or in the host's thread, over the Node WASI sandbox.
 */
export function nodePlatform(codeCache: string | undefined): EnginePlatform<ResolvedPolicy> {
  return {
    spawn(spec) {
      const channel = new NodeChannel(codeCache);
      channel.prepare(spec.entryUrl, spec.imports);
      return channel;
    },
    wasi: nodeWasi,
  };
}
