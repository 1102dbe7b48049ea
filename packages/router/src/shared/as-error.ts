/** `value` as an `Error` (a thrown non-Error wrapped, its text kept), for `onerror` hooks. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
