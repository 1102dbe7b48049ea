import type { ResourceTemplate } from "@modelcontextprotocol/sdk/types.js";
import uriTemplates from "uri-templates";

const INDEX_THRESHOLD = 16;
const indexes = new WeakMap<readonly { name: string }[], Map<string, { name: string }>>();

/**
 * Finds a named item in a list. Long lists are indexed once per list object, so a backend that
 * returns the same array every time gets constant-time lookups.
 */
export function findByName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  if (items.length < INDEX_THRESHOLD) return items.find((item) => item.name === name);
  let index = indexes.get(items);
  if (!index) {
    index = new Map();
    for (const item of items) if (!index.has(item.name)) index.set(item.name, item);
    indexes.set(items, index);
  }
  return index.get(name) as T | undefined;
}

/** A resource template's URI template, parsed for matching. */
export interface ParsedTemplate {
  /** Its variable names, in order. */
  readonly variableNames: readonly string[];
  /** Whether `uri` is one the template could have expanded to (RFC 6570, strictly). */
  matches(uri: string): boolean;
}

/** `uri-templates`' `fromUri` takes a second argument its type declarations do not show. */
type FromUri = (uri: string, options: { strict: boolean }) => unknown;

const parsedTemplates = new WeakMap<ResourceTemplate, ParsedTemplate | null>();

/**
 * Returns the first template whose RFC 6570 URI template matches `uri`: every operator (`{+a}`,
 * `{#a}`, `{/a,b}`, `{.a}`, `{;a}`, query parameters in any order and each optional), matched as
 * strictly as the guest kit matches inside a component, so the two agree on which URIs a template
 * covers.
 */
export function matchTemplate<T extends ResourceTemplate>(
  templates: readonly T[],
  uri: string,
): T | undefined {
  return templates.find((template) => parseTemplate(template)?.matches(uri));
}

/** The parsed URI template of a resource template, or `null` when it does not parse. */
export function parseTemplate(template: ResourceTemplate): ParsedTemplate | null {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    try {
      const compiled = uriTemplates(template.uriTemplate);
      const fromUri = compiled.fromUri as unknown as FromUri;
      parsed = {
        variableNames: compiled.varNames,
        matches: (uri) => fromUri.call(compiled, uri, { strict: true }) !== undefined,
      };
    } catch {
      parsed = null;
    }
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}
