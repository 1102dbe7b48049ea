import uriTemplates from "uri-templates";

/** The expressions of a template string (`{id}`, `{+path}`, `{?a,b}`), as a string union. */
type Expressions<T extends string> = T extends `${string}{${infer Expression}}${infer Rest}`
  ? Expression | Expressions<Rest>
  : never;

/** An expression without its operator, split into its variable specs. */
type VariableSpecs<E extends string> = E extends `${"+" | "#" | "." | "/" | ";" | "?" | "&"}${infer List}`
  ? Split<List>
  : Split<E>;

type Split<List extends string> = List extends `${infer Head},${infer Tail}` ? Head | Split<Tail> : List;

/** A variable spec without its prefix modifier (`{name:3}`). */
type NameOf<Spec extends string> = Spec extends `${infer Name}:${string}` ? Name : Spec;

/** Variable names of an RFC 6570 template (`{id}`, `{+path}`, `{?page,size}`, …), as a string union. */
export type TemplateVariables<T extends string> = NameOf<VariableSpecs<Expressions<T>>>;

/** Names of the query variables (`{?a,b}`, `{&c}`), which a matching URI may leave out. */
type QueryVariables<T extends string> = NameOf<QuerySpecs<Expressions<T>>>;
type QuerySpecs<E extends string> = E extends `${"?" | "&"}${infer List}` ? Split<List> : never;

/**
 * The variables a handler gets for template `T`: each a string, optional for query variables.
 *
 * @example
 * ```ts
 * type V = TemplateValues<"items/{kind}{?page}">; // { kind: string; page?: string }
 * ```
 */
export type TemplateValues<T extends string> = Flatten<
  { [K in Exclude<TemplateVariables<T>, QueryVariables<T>>]: string } & {
    [K in QueryVariables<T>]?: string;
  }
>;

type Flatten<O> = { [K in keyof O]: O[K] };

/** A compiled URI template: matches URIs and extracts their variables. */
export interface UriMatcher {
  /**
   * The variables of `uri`, percent-decoded, or undefined when it does not match. A variable the
   * URI leaves out (a query parameter, say) is absent.
   */
  match(uri: string): Record<string, string> | undefined;
}

/** `uri-templates`' `fromUri` takes a second argument its type declarations do not show. */
type FromUri = (uri: string, options: { strict: boolean }) => Record<string, unknown> | undefined;

/**
 * Compiles an RFC 6570 URI template for matching, with every operator MCP clients use: simple
 * `{var}` (no `/`), reserved `{+var}`, fragment `{#var}`, path segments `{/a,b}`, labels `{.var}`,
 * path parameters `{;var}`, and query `{?a,b}` / `{&a}` (any order, each optional). Matching is
 * strict: a value must be one its operator could have expanded to. Explode modifiers (`{list*}`)
 * are refused: their values are lists or maps, which resource handlers do not take.
 *
 * @example
 * ```ts
 * compileUriTemplate("notes://{id}").match("notes://42"); // { id: "42" }
 * compileUriTemplate("items{?page,size}").match("items?size=10"); // { size: "10" }
 * ```
 */
export function compileUriTemplate(template: string): UriMatcher {
  const exploded = /\{[^}]*\*[^}]*\}/.exec(template);
  if (exploded) {
    throw new Error(
      `resource template ${template}: the explode modifier in ${exploded[0]} is not supported; list the variables instead (e.g. {/a,b} or {?a,b})`,
    );
  }
  const compiled = uriTemplates(template);
  const fromUri = compiled.fromUri as unknown as FromUri;
  return {
    match(uri) {
      const variables = fromUri.call(compiled, uri, { strict: true });
      if (variables === undefined) return undefined;
      const strings: Record<string, string> = {};
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === "string") strings[name] = value;
      }
      return strings;
    },
  };
}
