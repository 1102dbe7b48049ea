// The subset of the WebAssembly JS API the host uses. Node has it at runtime, but neither
// @types/node nor TypeScript's non-DOM libs declare it.
declare namespace WebAssembly {
  // biome-ignore lint/suspicious/noEmptyInterface: an opaque compiled module handle
  interface Module {}
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(bytes: Uint8Array): Promise<unknown>;
  /** What a trap (unreachable, out-of-bounds access, stack overflow) throws. */
  class RuntimeError extends Error {}
}
