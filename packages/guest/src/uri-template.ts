/** Variable names of an RFC 6570 template (`{id}`, `{+path}`), as a string union. */
export type TemplateVariables<T extends string> = T extends `${string}{${infer Var}}${infer Rest}`
  ? (Var extends `+${infer Name}` ? Name : Var) | TemplateVariables<Rest>
  : never;

/** A compiled URI template: matches URIs and extracts their variables. */
export interface UriMatcher {
  /** The variables of `uri`, or undefined when it does not match. */
  match(uri: string): Record<string, string> | undefined;
}

const EXPRESSION = /\{(\+?)([A-Za-z0-9_.]+)\}/g;

/**
 * Compiles a URI template of simple (`{var}`: one path segment, percent-decoded) and reserved
 * (`{+var}`: may span `/`) expressions — the forms resource templates use in practice.
 *
 * @example
 * ```ts
 * compileUriTemplate("notes://{id}").match("notes://42"); // { id: "42" }
 * ```
 */
export function compileUriTemplate(template: string): UriMatcher {
  const names: string[] = [];
  const reserved: boolean[] = [];
  let pattern = "";
  let last = 0;
  for (const expression of template.matchAll(EXPRESSION)) {
    pattern += escapeRegExp(template.slice(last, expression.index));
    const isReserved = expression[1] === "+";
    pattern += isReserved ? "(.+)" : "([^/?#]+)";
    names.push(expression[2] as string);
    reserved.push(isReserved);
    last = expression.index + expression[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const regexp = new RegExp(`^${pattern}$`);
  return {
    match(uri) {
      const found = regexp.exec(uri);
      if (!found) return undefined;
      const variables: Record<string, string> = {};
      names.forEach((name, i) => {
        const raw = found[i + 1] as string;
        variables[name] = reserved[i] ? raw : safeDecode(raw);
      });
      return variables;
    },
  };
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
