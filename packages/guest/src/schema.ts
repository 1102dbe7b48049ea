import { McpError } from "./errors.js";

/** A JSON Schema object, as a literal (the kit infers argument types from `type`/`properties`/`required`). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * A schema from any library implementing Standard Schema and Standard JSON Schema v1 (zod ≥ 4.2,
 * and others): the kit validates with `validate` and publishes `jsonSchema.input()`.
 */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly jsonSchema?: {
      readonly input: (options: { target: string }) => Record<string, unknown>;
      readonly output: (options: { target: string }) => Record<string, unknown>;
    };
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What Standard Schema's `validate` returns. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** A tool's input or output schema: JSON Schema or a Standard Schema (zod…). */
export type Schema = JsonSchema | StandardSchema;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<S> = S extends { readonly required: readonly (infer K)[] } ? K & string : never;
type ObjectOf<P, S> = Simplify<
  { -readonly [K in keyof P & RequiredKeys<S>]: FromJsonSchema<P[K]> } & {
    -readonly [K in Exclude<keyof P, RequiredKeys<S>>]?: FromJsonSchema<P[K]>;
  }
>;

/** The TypeScript type of values matching a JSON Schema literal (the common keywords). */
export type FromJsonSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly type: "string" }
      ? string
      : S extends { readonly type: "number" | "integer" }
        ? number
        : S extends { readonly type: "boolean" }
          ? boolean
          : S extends { readonly type: "null" }
            ? null
            : S extends { readonly type: "array"; readonly items: infer I }
              ? FromJsonSchema<I>[]
              : S extends { readonly type: "array" }
                ? unknown[]
                : S extends { readonly type: "object"; readonly properties: infer P }
                  ? ObjectOf<P, S>
                  : S extends { readonly type: "object" }
                    ? Record<string, unknown>
                    : unknown;

/** The type a handler receives for a schema. */
export type Infer<S> = S extends StandardSchema<unknown, infer O> ? O : FromJsonSchema<S>;

/** True when `schema` is a Standard Schema rather than a JSON Schema literal. */
export function isStandardSchema(schema: unknown): schema is StandardSchema {
  return typeof schema === "object" && schema !== null && "~standard" in schema;
}

/** The JSON Schema text published for `schema` (tools/list `inputSchema` or `outputSchema`). */
export function jsonSchemaText(schema: Schema, io: "input" | "output", where: string): string {
  if (!isStandardSchema(schema)) return JSON.stringify(schema);
  const convert = schema["~standard"].jsonSchema?.[io];
  if (!convert) {
    throw new Error(
      `${where}: this ${schema["~standard"].vendor} schema cannot produce JSON Schema (Standard JSON Schema); pass a JSON Schema object`,
    );
  }
  return JSON.stringify(convert({ target: "draft-2020-12" }));
}

/**
 * Validates `value` with a Standard Schema and returns its output (defaults applied, transforms
 * run); a JSON Schema was already enforced by the host, so the value passes through. Invalid input
 * is an `invalid-params` error listing each issue.
 */
export function parseWith<T>(schema: Schema | undefined, value: unknown, what: string): T | Promise<T> {
  if (!schema || !isStandardSchema(schema)) return value as T;
  const result = schema["~standard"].validate(value);
  return result instanceof Promise
    ? result.then((settled) => unwrap<T>(settled, what))
    : unwrap<T>(result, what);
}

function unwrap<T>(result: StandardResult<unknown>, what: string): T {
  if (!result.issues) return result.value as T;
  const issues = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new McpError("invalid-params", `Invalid ${what}: ${issues.join("; ")}`);
}
