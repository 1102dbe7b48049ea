import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { GuestError } from "../guest-runtime/guest-error.js";
import { checkToolSchemas } from "./definition-checks.js";

const draft07 = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-07.json") as object;
/** What the precompiled validators stand in for: ajv's own meta-schema check, same options. */
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addMetaSchema(draft07);

const DRAFT07 = "http://json-schema.org/draft-07/schema#";
const SCHEMAS: object[] = [
  { type: "object" },
  { type: "object", properties: { a: { type: "string", minLength: 1 } }, required: ["a"] },
  { type: "object", properties: { a: { type: "strnig" } } },
  { type: "object", properties: { a: { items: { type: 5 } } } },
  { type: "object", $defs: { x: { minimum: "no" } } },
  { type: "object", additionalProperties: { enum: "not-an-array" } },
  { type: "object", prefixItems: [{ type: "string" }], unevaluatedProperties: false },
  { anyOf: [] },
  { type: ["object", "null"], properties: { n: { type: "integer", exclusiveMinimum: 0 } } },
  { type: "object", required: "a" },
  { type: "object", format: 12 },
  { type: "object", properties: { d: { format: "date-time" } } },
  { $schema: DRAFT07, type: "object", definitions: { a: { type: "string" } } },
  { $schema: DRAFT07, type: "object", properties: { a: { type: "nope" } } },
  { $schema: DRAFT07, type: "object", exclusiveMinimum: true },
  { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", minProperties: -1 },
];

function check(schema: object): GuestError | undefined {
  try {
    checkToolSchemas({ name: "t", inputSchema: schema as never }, "tools[0]");
    return undefined;
  } catch (error) {
    if (error instanceof GuestError) return error;
    throw error;
  }
}

describe("checkToolSchemas", () => {
  it.each(SCHEMAS.map((schema) => [JSON.stringify(schema), schema]))(
    "agrees with ajv's validateSchema on %s",
    (_, schema) => {
      const expected = ajv.validateSchema(schema) as boolean;
      const error = check(schema as object);
      expect(error === undefined).toBe(expected);
      if (!expected) {
        expect(error?.payload.code).toBe("invalid-params");
        expect(error?.message).toBe(
          `tools[0].inputSchema of tool "t" is not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: "schema" })}`,
        );
      }
    },
  );

  it("names an unsupported $schema", () => {
    const error = check({ $schema: "http://json-schema.org/draft-04/schema#", type: "object" });
    expect(error?.message).toBe(
      'tools[0].inputSchema of tool "t" declares $schema "http://json-schema.org/draft-04/schema#"; ' +
        "supported are JSON Schema 2020-12 and draft-07",
    );
  });

  it("checks the output schema too", () => {
    const error = (() => {
      try {
        checkToolSchemas(
          {
            name: "t",
            inputSchema: { type: "object" },
            outputSchema: { type: "object", required: 1 } as never,
          },
          "tools[0]",
        );
      } catch (e) {
        return e as GuestError;
      }
    })();
    expect(error?.message).toMatch(
      /^tools\[0\]\.outputSchema of tool "t" is not a valid JSON Schema: schema/,
    );
  });
});
