import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ResourceTemplate } from "@modelcontextprotocol/sdk/types.js";

/** Finds a named item in a list. */
export function findByName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((item) => item.name === name);
}

const parsedTemplates = new WeakMap<ResourceTemplate, UriTemplate | null>();

/** Returns the first template whose RFC 6570 URI template matches `uri`. */
export function matchTemplate(
  templates: readonly ResourceTemplate[],
  uri: string,
): ResourceTemplate | undefined {
  return templates.find((template) => parse(template)?.match(uri) != null);
}

function parse(template: ResourceTemplate): UriTemplate | null {
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
