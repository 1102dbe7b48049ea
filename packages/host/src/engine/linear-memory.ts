/**
 * Watches the linear memories of one component instance: jco's generated `instantiate` takes the
 * function that instantiates each core module, and this one notes every memory a core instance
 * exports. A component's memories only grow (Wasm has no shrink), so their size is what the
 * instance holds of the host's memory for the rest of its life.
 */
export class LinearMemoryWatch {
  readonly #memories = new Set<WebAssembly.Memory>();

  /** Pass to jco's `instantiate` as its third argument (`instantiateCore`). */
  readonly instantiateCore = async (module: WebAssembly.Module, imports?: object) => {
    const instance = await WebAssembly.instantiate(module, imports);
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) this.#memories.add(value);
    }
    return instance;
  };

  /** Bytes of linear memory the instance's core modules hold now. */
  bytes(): number {
    let total = 0;
    for (const memory of this.#memories) total += memory.buffer.byteLength;
    return total;
  }
}
