import { conversionError } from "./errors.js";

// Runtime guards for values that cross the host boundary. jco lifts WIT values with their declared
// types, but values also travel through worker messages and hand-written code paths; a wrong shape
// must become a `WIT_CONVERSION` error naming the field, never a TypeError deep inside a converter.

/** A string field. */
export function str(value: unknown, field: string): string {
  if (typeof value !== "string") conversionError(field, `expected a string, got ${kindOf(value)}`);
  return value as string;
}

/** A non-empty string field. */
export function nonEmpty(value: unknown, field: string): string {
  const text = str(value, field);
  if (text.length === 0) conversionError(field, "must not be empty");
  return text;
}

/** An optional string field. */
export function optStr(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : str(value, field);
}

/** A boolean field. */
export function bool(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") conversionError(field, `expected a boolean, got ${kindOf(value)}`);
  return value as boolean;
}

/** A finite number field, optionally within `[min, max]`. */
export function num(value: unknown, field: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    conversionError(field, `expected a finite number, got ${kindOf(value)}`);
  }
  const n = value as number;
  if (n < min || n > max) conversionError(field, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** An optional finite number field. */
export function optNum(value: unknown, field: string, min?: number, max?: number): number | undefined {
  return value === undefined ? undefined : num(value, field, min, max);
}

/** A non-negative safe integer (WIT `u32`/`u64` values that must fit a JSON number). */
export function count(value: unknown, field: string): number {
  const n = typeof value === "bigint" ? bigToNumber(value, field) : num(value, field, 0);
  if (!Number.isSafeInteger(n)) conversionError(field, `expected a whole number, got ${n}`);
  return n;
}

/** An array field. */
export function list<T>(value: unknown, field: string): readonly T[] {
  if (!Array.isArray(value)) conversionError(field, `expected a list, got ${kindOf(value)}`);
  return value as T[];
}

/** A record (object) field. */
export function obj<T extends object>(value: unknown, field: string): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    conversionError(field, `expected a record, got ${kindOf(value)}`);
  }
  return value as T;
}

/** One of the allowed string values (a WIT enum or variant tag). */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    conversionError(
      field,
      `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`,
    );
  }
  return value as T;
}

function bigToNumber(value: bigint, field: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    conversionError(field, `${value} does not fit a JSON number (0 to 2^53-1)`);
  }
  return Number(value);
}

function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a record" : `a ${typeof value}`;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 60)) : kindOf(value);
}
