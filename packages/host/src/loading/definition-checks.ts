import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import {
  type MetaSchemaValidator,
  validate2020,
  validateDraft07,
} from "../generated/meta-schema-validators.js";
import { GuestError } from "../guest-runtime/guest-error.js";

/** The meta-schemas a tool schema may name in `$schema` (without a trailing `#`); none means 2020-12. */
const META_SCHEMAS: ReadonlyMap<string, MetaSchemaValidator> = new Map([
  ["https://json-schema.org/draft/2020-12/schema", validate2020],
  ["http://json-schema.org/draft-07/schema", validateDraft07],
]);

/**
 * Refuses a tool whose input or output schema is not a valid JSON Schema (2020-12 or draft-07).
 * The meta-schema validators are compiled ahead of time (scripts/generate-schema-validators.mjs),
 * with the options ajv's `validateSchema` was used with before: formats not checked.
 */
export function checkToolSchemas(tool: Tool, field: string): void {
  for (const key of ["inputSchema", "outputSchema"] as const) {
    const schema: unknown = tool[key];
    if (!schema) continue;
    const declared = (schema as { $schema?: unknown }).$schema;
    const validate =
      declared === undefined ? validate2020 : META_SCHEMAS.get(String(declared).replace(/#$/, ""));
    if (!validate) {
      throw new GuestError(
        "invalid-params",
        `${field}.${key} of tool "${tool.name}" declares $schema ${JSON.stringify(declared)}; ` +
          "supported are JSON Schema 2020-12 and draft-07",
      );
    }
    if (!validate(schema)) {
      const detail = (validate.errors ?? [])
        .map((error) => `schema${error.instancePath} ${error.message ?? "is invalid"}`)
        .join(", ");
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
