/**
 * Returns `value` without its `undefined` entries. MCP objects omit absent optionals, and
 * `exactOptionalPropertyTypes`-style consumers (and JSON snapshots) care about the difference.
 */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
  }
  return value;
}
