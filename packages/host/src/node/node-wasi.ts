import type { WasiFactory } from "../engine/platform.js";
import type { ResolvedPolicy } from "../policy.js";
import { createWasiSandbox } from "../sandbox/wasi-sandbox.js";
import { loadWasiShim } from "../sandbox/wasi-shim.js";

/**
 * The Node platform's WASI: preview2-shim's Node shims (only the modules the component imports),
 * wrapped by the sandbox — guarded preopens, outgoing HTTP to allowed hosts, contained `exit`.
 */
export const nodeWasi: WasiFactory<ResolvedPolicy> = async (request) =>
  createWasiSandbox(
    request.componentName,
    request.policy,
    await loadWasiShim(request.imports),
    request.output,
    request.onHttpRefused,
    request.onImportTiming,
  );
