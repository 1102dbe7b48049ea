// Schema-valid arguments for a tool, as a client that read only its input schema would send: every
// property (required or not) with a plausible value — a default, the first enum member or const,
// else a value of the declared type that meets its bounds. `$ref`s into `$defs`/`definitions` are
// followed. Enough for the bundled examples' schemas; not a general JSON Schema instance generator.

type Schema = Record<string, unknown>;

/** Arguments that satisfy `inputSchema`. */
export function plausibleArguments(inputSchema: Schema): Record<string, unknown> {
  const value = plausibleValue(inputSchema, inputSchema, 0);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function plausibleValue(schema: Schema, root: Schema, depth: number): unknown {
  if (depth > 8) throw new Error("schema nests too deeply for plausibleArguments");
  if (typeof schema.$ref === "string") return plausibleValue(resolve(schema.$ref, root), root, depth + 1);
  if ("default" in schema) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  // An object with properties gets every property, which satisfies the bundled examples'
  // composition (allOf/anyOf of `required`) and conditional (if/then/else) keywords.
  const composed = schema.properties === undefined;
  for (const key of composed ? ["oneOf", "anyOf", "allOf"] : []) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0)
      return plausibleValue(options[0] as Schema, root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object":
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          plausibleValue(property, root, depth + 1),
        ]),
      );
    }
    case "array": {
      const items = (schema.items ?? {}) as Schema;
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => plausibleValue(items, root, depth + 1));
    }
    case "string":
      return plausibleString(schema);
    case "integer":
    case "number":
      return Math.max(Number(schema.minimum ?? 1), Number(schema.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      throw new Error(`plausibleArguments: no value for type ${String(type)}`);
  }
}

function plausibleString(schema: Schema): string {
  if (schema.format === "email") return "someone@example.com";
  if (schema.format === "uri") return "https://example.com/";
  if (schema.format === "date") return "2026-12-02";
  const text = "example";
  const min = Number(schema.minLength ?? 0);
  return text.length >= min ? text : text.padEnd(min, "x");
}

function resolve(ref: string, root: Schema): Schema {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const target = match
    ? (root[match[1] as string] as Record<string, Schema> | undefined)?.[match[2] as string]
    : undefined;
  if (!target) throw new Error(`plausibleArguments: cannot follow $ref ${ref}`);
  return target;
}
