import { createRequire } from "node:module";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { GuestError } from "./guest-error.js";

// Loaded with require: bundlers rewrite JSON import attributes into syntax Node 22+ rejects.
const draft07MetaSchema = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-07.json") as object;

let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addMetaSchema(draft07MetaSchema);
  }
  return ajv;
}

/** Refuses a tool whose input or output schema is not a valid JSON Schema (2020-12 or draft-07). */
export function checkToolSchemas(tool: Tool, field: string): void {
  for (const key of ["inputSchema", "outputSchema"] as const) {
    const schema = tool[key];
    if (!schema) continue;
    let valid: boolean;
    try {
      valid = validator().validateSchema(schema) as boolean;
    } catch (error) {
      throw new GuestError("invalid-params", `${field}.${key}: ${(error as Error).message}`);
    }
    if (!valid) {
      const detail = validator().errorsText(validator().errors, { dataVar: "schema" });
      throw new GuestError(
        "invalid-params",
        `${field}.${key} of tool "${tool.name}" is not a valid JSON Schema: ${detail}`,
      );
    }
  }
}

/** Refuses a resource template that is not a well-formed RFC 6570 URI template. */
export function checkUriTemplate(template: ResourceTemplate, field: string): void {
  try {
    new UriTemplate(template.uriTemplate);
  } catch (error) {
    throw new GuestError(
      "invalid-params",
      `${field}.uriTemplate "${template.uriTemplate}": ${(error as Error).message}`,
    );
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(template.uriTemplate)) {
    throw new GuestError(
      "invalid-params",
      `${field}.uriTemplate "${template.uriTemplate}" must start with a URI scheme`,
    );
  }
}
