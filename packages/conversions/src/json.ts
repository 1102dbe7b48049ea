import { conversionError } from "./errors.js";

/** A JSON object, as MCP carries arguments, schemas and structured content. */
export type JsonObject = { [key: string]: unknown };

/**
 * Parses JSON text that a guest sent, naming `field` in the error when it is not valid JSON.
 *
 * @example
 * ```ts
 * parseJsonText('{"a":1}', "arguments"); // { a: 1 }
 * ```
 */
export function parseJsonText(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return conversionError(field, `invalid JSON text (${(error as Error).message})`, error);
  }
}

/** Parses JSON text that must hold an object (not an array, null or a scalar). */
export function parseJsonObject(text: string, field: string): JsonObject {
  const value = parseJsonText(text, field);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return conversionError(field, `expected a JSON object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/** Parses optional JSON object text; `undefined` stays `undefined`. */
export function parseOptionalJsonObject(text: string | undefined, field: string): JsonObject | undefined {
  return text === undefined ? undefined : parseJsonObject(text, field);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
