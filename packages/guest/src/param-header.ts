// SEP-2243 custom parameter headers, from the author's side: marking a tool parameter so 2026-07-28
// HTTP clients copy its value into an `Mcp-Param-<Name>` header (gateways can route on it) and the
// host checks the header against the arguments.
import type { JsonSchema } from "./schema.js";

/** RFC 9110 `token`: what a header name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE = new Set(["string", "integer", "boolean"]);

/**
 * `schema` (a `string`, `integer` or `boolean` property of a tool's input) with `x-mcp-header`:
 * clients send the argument's value in the `Mcp-Param-<name>` header too, and the host refuses a
 * call whose header disagrees with it (HTTP 400, `-32020`). Put it directly under the input's
 * `properties` (at any depth of `properties`); header names are unique regardless of case.
 *
 * @example
 * ```ts
 * tool({
 *   name: "deploy",
 *   input: { type: "object", properties: { region: mcpHeader("Region", { type: "string" }) }, required: ["region"] },
 *   handler: ({ region }) => `deploying to ${region}`,
 * });
 * ```
 */
export function mcpHeader<S extends JsonSchema>(
  name: string,
  schema: S,
): S & { readonly "x-mcp-header": string } {
  if (!TOKEN.test(name))
    throw new TypeError(`mcpHeader: "${name}" is not a valid header name (RFC 9110 token)`);
  if (!PRIMITIVE.has(String(schema.type))) {
    throw new TypeError(
      `mcpHeader: "${name}" needs a string, integer or boolean schema, not ${JSON.stringify(schema.type)}`,
    );
  }
  return { ...schema, "x-mcp-header": name };
}
