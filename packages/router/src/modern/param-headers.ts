// SEP-2243 custom parameter headers on the 2026-07-28 HTTP wire: a tool's input schema marks a
// parameter with `x-mcp-header: <Name>`, the client copies its value into `Mcp-Param-<Name>`, and
// the server checks the header against the body before the call runs (so an intermediary that
// routes on the header cannot be told one thing while the server does another). The SDK's entry
// does this only for its own `McpServer`; the router serves on the low-level `Server`, so the
// check is here, with the same answer: HTTP 400, `-32020` HeaderMismatch, `data.mismatch`.

/** JSON-RPC code of a header that disagrees with the body (2026-07-28). */
export const HEADER_MISMATCH = -32020;

/** One `x-mcp-header` declaration: where the value sits in `arguments`, and the header's name. */
export interface ParamHeaderDeclaration {
  path: readonly string[];
  header: string;
  type: "string" | "integer" | "boolean" | "number";
}

/** RFC 9110 `token`: the characters a header name may have. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PERMITTED = new Set(["string", "integer", "boolean", "number"]);
const BASE64_CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The `x-mcp-header` declarations of an input schema, reached through `properties` only (the spec
 * admits no other place); an invalid declaration (not a token, not a primitive, a name repeated
 * in another case) makes the schema declare none, since conforming clients skip such a tool.
 *
 * @example
 * ```ts
 * paramHeaderDeclarations({ type: "object", properties: { region: { type: "string", "x-mcp-header": "Region" } } });
 * // [{ path: ["region"], header: "Region", type: "string" }]
 * ```
 */
export function paramHeaderDeclarations(schema: unknown): ParamHeaderDeclaration[] {
  const found: ParamHeaderDeclaration[] = [];
  const seen = new Set<string>();
  let valid = true;
  const visit = (node: unknown, path: string[], depth: number) => {
    if (!valid || depth > 32 || typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const header = record["x-mcp-header"];
    if (header !== undefined && path.length > 0) {
      const type = record.type;
      if (
        typeof header !== "string" ||
        !TOKEN.test(header) ||
        typeof type !== "string" ||
        !PERMITTED.has(type)
      ) {
        valid = false;
        return;
      }
      if (seen.has(header.toLowerCase())) {
        valid = false;
        return;
      }
      seen.add(header.toLowerCase());
      found.push({ path, header, type: type as ParamHeaderDeclaration["type"] });
    }
    const properties = record.properties;
    if (typeof properties === "object" && properties !== null) {
      for (const [key, child] of Object.entries(properties)) visit(child, [...path, key], depth + 1);
    }
  };
  visit(schema, [], 0);
  return valid ? found : [];
}

/** Why a request's `Mcp-Param-*` headers are refused: the header and what the body says. */
export interface ParamHeaderMismatch {
  header: string;
  message: string;
}

/**
 * Checks the `Mcp-Param-*` headers of a `tools/call` against its `arguments`: for each declared
 * parameter the body carries (a primitive, not `null`), the header must be present and equal to
 * it — its value decoded when wrapped as `=?base64?…?=` (canonical Base64 of UTF-8, else refused),
 * numbers compared as numbers. Absent body values expect no header. Undefined when they agree.
 *
 * @example
 * ```ts
 * paramHeaderMismatch(declarations, { region: "eu" }, new Headers({ "Mcp-Param-Region": "us" }));
 * // { header: "Mcp-Param-Region", message: "… decodes to \"us\" but the body carries region=\"eu\"" }
 * ```
 */
export function paramHeaderMismatch(
  declarations: readonly ParamHeaderDeclaration[],
  args: unknown,
  headers: Headers,
): ParamHeaderMismatch | undefined {
  for (const declaration of declarations) {
    const header = `Mcp-Param-${declaration.header}`;
    const body = valueAt(args, declaration.path);
    const expected = primitiveText(body);
    if (expected === undefined) continue;
    const where = declaration.path.join(".");
    const raw = headers.get(header);
    if (raw === null) {
      return {
        header,
        message: `the body carries ${where}=${JSON.stringify(body)} but the ${header} header is absent`,
      };
    }
    const decoded = decoded64(raw.trim());
    if (decoded === undefined)
      return { header, message: `the ${header} header carries an invalid Base64 value` };
    const numeric = typeof body === "number" && DECIMAL.test(decoded);
    if (numeric ? Number(decoded) !== body : decoded !== expected) {
      return {
        header,
        message: `the ${header} header decodes to ${JSON.stringify(decoded)} but the body carries ${where}=${JSON.stringify(body)}`,
      };
    }
  }
  return undefined;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A body value as header text (`true`, `42`, text); undefined for what carries no header. */
function primitiveText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The header's value, decoded when it is `=?base64?…?=`; undefined when that Base64 is bad. */
function decoded64(value: string): string | undefined {
  if (!(value.startsWith("=?base64?") && value.endsWith("?=") && value.length >= 11)) return value;
  const base64 = value.slice(9, -2);
  if (!BASE64_CANONICAL.test(base64)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}
