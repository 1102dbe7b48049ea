import { createRequire } from "node:module";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

// Loaded with require: bundlers rewrite JSON import attributes into syntax Node 22+ rejects.
const draft07MetaSchema = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-07.json") as object;

/** Outcome of validating a value against a JSON Schema. */
export type ValidationOutcome = { ok: true } | { ok: false; message: string };

/**
 * Validates values against JSON Schemas (2020-12 by default, draft-07 when a schema says so),
 * compiling each schema object once.
 */
export class SchemaValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    this.#ajv.addMetaSchema(draft07MetaSchema);
  }

  /** Validates `value`; a schema that cannot compile is reported as a failure of its own. */
  validate(schema: object, value: unknown): ValidationOutcome {
    let validate = this.#compiled.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#compiled.set(schema, validate);
    }
    if (validate(value)) return { ok: true };
    return { ok: false, message: this.#ajv.errorsText(validate.errors, { dataVar: "" }) };
  }
}
