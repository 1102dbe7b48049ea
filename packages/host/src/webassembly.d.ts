// The subset of the WebAssembly JS API the host uses. Node has it at runtime, but neither
// @types/node nor TypeScript's non-DOM libs declare it.
declare namespace WebAssembly {
  // biome-ignore lint/suspicious/noEmptyInterface: an opaque compiled module handle
  interface Module {}
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(bytes: Uint8Array): Promise<unknown>;
  function instantiate(module: Module, imports?: object): Promise<Instance>;
  /** An instantiated core module. */
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  /** A linear memory; its buffer's length is the memory's current size. */
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  /** What a trap (unreachable, out-of-bounds access, stack overflow) throws. */
  class RuntimeError extends Error {}
}
