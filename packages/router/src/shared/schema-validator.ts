import { createRequire } from "node:module";
import type { jsonSchemaValidator as SdkJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

// Loaded with require: bundlers rewrite JSON import attributes into syntax Node 22+ rejects.
const draft07MetaSchema = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-07.json") as object;

/** Outcome of validating a value against a JSON Schema. */
export type ValidationOutcome = { ok: true } | { ok: false; message: string };

/**
 * Validates values against JSON Schemas (2020-12 by default, draft-07 when a schema says so),
 * compiling each schema object once. Compiled functions are cached by schema object identity in a
 * WeakMap and dropped from ajv's own registry right after compiling, so the cache lives exactly as
 * long as the backend's definitions and two tools may reuse the same `$id`.
 */
export class SchemaValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    this.#ajv.addMetaSchema(draft07MetaSchema);
  }

  /** Validates `value`; a schema that cannot compile throws (the caller reports it). */
  validate(schema: object, value: unknown): ValidationOutcome {
    const validate = this.#compile(schema);
    if (validate(value)) return { ok: true };
    // "<path> <message>" per error (a root-level one is just its message), each said once: a
    // schema with composition keywords reports the same unmet requirement from several branches.
    const lines = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`.trim());
    return { ok: false, message: [...new Set(lines)].join(", ") };
  }

  #compile(schema: object): ValidateFunction {
    let validate = this.#compiled.get(schema);
    if (!validate) {
      try {
        validate = this.#ajv.compile(schema);
      } finally {
        this.#ajv.removeSchema(schema);
      }
      this.#compiled.set(schema, validate);
    }
    return validate;
  }
}

let shared: SchemaValidator | undefined;

/** The process-wide validator: one ajv instance for every server and session. */
export function sharedValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}

/**
 * The same validator in the shape the SDK's `Server` accepts, so that a server per session does
 * not build an ajv instance of its own (the SDK's default costs milliseconds per session).
 */
export function sdkJsonSchemaValidator(): SdkJsonSchemaValidator {
  return {
    getValidator<T>(schema: object) {
      return (input: unknown) => {
        const outcome = sharedValidator().validate(schema, input);
        return outcome.ok
          ? { valid: true as const, data: input as T, errorMessage: undefined }
          : { valid: false as const, data: undefined, errorMessage: outcome.message };
      };
    },
  };
}
