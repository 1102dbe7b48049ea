import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ResourceTemplate } from "@modelcontextprotocol/sdk/types.js";

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

const parsedTemplates = new WeakMap<ResourceTemplate, UriTemplate | null>();

/** Returns the first template whose RFC 6570 URI template matches `uri`. */
export function matchTemplate<T extends ResourceTemplate>(
  templates: readonly T[],
  uri: string,
): T | undefined {
  return templates.find((template) => parseTemplate(template)?.match(uri) != null);
}

/** The parsed URI template of a resource template, or `null` when it does not parse. */
export function parseTemplate(template: ResourceTemplate): UriTemplate | null {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    try {
      parsed = new UriTemplate(template.uriTemplate);
    } catch {
      parsed = null;
    }
    parsedTemplates.set(template, parsed);
  }
  return parsed;
}
