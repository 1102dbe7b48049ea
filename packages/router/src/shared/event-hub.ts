import type { BackendEvent, McpBackend } from "./backend.js";

/** Where backend events are heard: returns a function that stops listening. */
export type BackendEventSource = (listener: (event: BackendEvent) => void) => () => void;

/** A backend's own events (nothing, for a backend without `onEvent`). */
export function backendEvents(backend: McpBackend): BackendEventSource {
  return (listener) => backend.onEvent?.(listener) ?? (() => {});
}

/**
 * One listener on a backend's events, fanned out to many: the 2025 sessions of an endpoint and
 * its 2026 event bus hear the backend through one subscription instead of one each.
 *
 * @example
 * ```ts
 * const hub = new BackendEventHub(backend);
 * const stop = hub.listen((event) => console.error(event.type));
 * ```
 */
export class BackendEventHub {
  readonly #listeners = new Set<(event: BackendEvent) => void>();
  readonly #stop: () => void;

  constructor(backend: McpBackend) {
    this.#stop = backendEvents(backend)((event) => {
      for (const listener of [...this.#listeners]) listener(event);
    });
  }

  /** Adds a listener; returns the function that removes it. */
  readonly listen: BackendEventSource = (listener) => {
    // A wrapper per call, so the same function added twice is removed once per stop.
    const entry = (event: BackendEvent) => listener(event);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  };

  /** Stops listening to the backend and drops every listener. */
  close(): void {
    this.#stop();
    this.#listeners.clear();
  }
}
