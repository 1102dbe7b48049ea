import type {
  Implementation,
  Prompt,
  Resource,
  ResourceTemplate,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { bool, count, list, nonEmpty, obj, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { conversionError } from "./errors.js";
import { parseJsonObject, parseOptionalJsonObject } from "./json.js";

/**
 * Converts a WIT tool definition to an MCP tool. The schemas reach clients exactly as the guest
 * wrote them (`$schema`, `$defs`, `additionalProperties` kept); they must be JSON objects.
 *
 * @example
 * ```ts
 * toolToMcp({ name: "echo", inputSchema: '{"type":"object"}' }, "tools[0]");
 * ```
 */
export function toolToMcp(tool: Types.ToolDefinition, field: string): Tool {
  const t = obj<Types.ToolDefinition>(tool, field);
  const name = nonEmpty(t.name, `${field}.name`);
  const inputSchema = parseJsonObject(str(t.inputSchema, `${field}.inputSchema`), `${field}.inputSchema`);
  if (inputSchema.type !== "object") {
    conversionError(`${field}.inputSchema`, `the input schema of tool "${name}" must have "type": "object"`);
  }
  const outputSchema = parseOptionalJsonObject(
    optStr(t.outputSchema, `${field}.outputSchema`),
    `${field}.outputSchema`,
  );
  if (outputSchema && outputSchema.type !== "object") {
    conversionError(
      `${field}.outputSchema`,
      `the output schema of tool "${name}" must have "type": "object"`,
    );
  }
  return compact({
    name,
    title: optStr(t.title, `${field}.title`),
    description: optStr(t.description, `${field}.description`),
    inputSchema: inputSchema as Tool["inputSchema"],
    outputSchema: outputSchema as Tool["outputSchema"],
    annotations:
      t.annotations === undefined ? undefined : toolAnnotationsToMcp(t.annotations, `${field}.annotations`),
  });
}

function toolAnnotationsToMcp(annotations: Types.ToolAnnotations, field: string): Tool["annotations"] {
  const a = obj<Types.ToolAnnotations>(annotations, field);
  const hint = (key: keyof Omit<Types.ToolAnnotations, "title">) =>
    a[key] === undefined ? undefined : bool(a[key], `${field}.${key}`);
  return compact({
    title: optStr(a.title, `${field}.title`),
    readOnlyHint: hint("readOnlyHint"),
    destructiveHint: hint("destructiveHint"),
    idempotentHint: hint("idempotentHint"),
    openWorldHint: hint("openWorldHint"),
  });
}

/** Converts an MCP tool (from an upstream server, for the `client` interface) to a WIT tool definition. */
export function toolFromMcp(tool: Tool): Types.ToolDefinition {
  const a = tool.annotations;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: JSON.stringify(tool.inputSchema),
    outputSchema: tool.outputSchema === undefined ? undefined : JSON.stringify(tool.outputSchema),
    annotations: a
      ? {
          title: a.title,
          readOnlyHint: a.readOnlyHint,
          destructiveHint: a.destructiveHint,
          idempotentHint: a.idempotentHint,
          openWorldHint: a.openWorldHint,
        }
      : undefined,
  };
}

/** Converts a WIT resource definition to an MCP resource. */
export function resourceToMcp(resource: Types.ResourceDefinition, field: string): Resource {
  const r = obj<Types.ResourceDefinition>(resource, field);
  const uri = str(r.uri, `${field}.uri`);
  if (!URL.canParse(uri)) conversionError(`${field}.uri`, `"${uri}" is not an absolute URI`);
  return compact({
    uri,
    name: str(r.name, `${field}.name`),
    title: optStr(r.title, `${field}.title`),
    description: optStr(r.description, `${field}.description`),
    mimeType: optStr(r.mimeType, `${field}.mimeType`),
    size: r.size === undefined ? undefined : count(r.size, `${field}.size`),
  });
}

/** Converts an MCP resource to a WIT resource definition. */
export function resourceFromMcp(resource: Resource, field = "resource"): Types.ResourceDefinition {
  return {
    uri: resource.uri,
    name: resource.name,
    title: resource.title,
    description: resource.description,
    mimeType: resource.mimeType,
    size: resource.size === undefined ? undefined : BigInt(count(resource.size, `${field}.size`)),
  };
}

/** Converts a WIT resource template to an MCP resource template. */
export function resourceTemplateToMcp(template: Types.ResourceTemplate, field: string): ResourceTemplate {
  const t = obj<Types.ResourceTemplate>(template, field);
  return compact({
    uriTemplate: nonEmpty(t.uriTemplate, `${field}.uriTemplate`),
    name: str(t.name, `${field}.name`),
    title: optStr(t.title, `${field}.title`),
    description: optStr(t.description, `${field}.description`),
    mimeType: optStr(t.mimeType, `${field}.mimeType`),
  });
}

/** Converts an MCP resource template to a WIT resource template. */
export function resourceTemplateFromMcp(template: ResourceTemplate): Types.ResourceTemplate {
  return {
    uriTemplate: template.uriTemplate,
    name: template.name,
    title: template.title,
    description: template.description,
    mimeType: template.mimeType,
  };
}

/** Converts a WIT prompt definition to an MCP prompt. */
export function promptToMcp(prompt: Types.PromptDefinition, field: string): Prompt {
  const p = obj<Types.PromptDefinition>(prompt, field);
  return compact({
    name: nonEmpty(p.name, `${field}.name`),
    title: optStr(p.title, `${field}.title`),
    description: optStr(p.description, `${field}.description`),
    arguments: list<Types.PromptArgument>(p.arguments, `${field}.arguments`).map((arg, i) => {
      const at = `${field}.arguments[${i}]`;
      const a = obj<Types.PromptArgument>(arg, at);
      return compact({
        name: nonEmpty(a.name, `${at}.name`),
        title: optStr(a.title, `${at}.title`),
        description: optStr(a.description, `${at}.description`),
        required: bool(a.required, `${at}.required`),
      });
    }),
  });
}

/** Converts an MCP prompt to a WIT prompt definition (absent `required` is `false`). */
export function promptFromMcp(prompt: Prompt): Types.PromptDefinition {
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: (prompt.arguments ?? []).map((arg) => ({
      name: arg.name,
      // MCP 2025-11-25 gives arguments a `title`; the SDK's type does not know it yet.
      title: (arg as { title?: string }).title,
      description: arg.description,
      required: arg.required ?? false,
    })),
  };
}

/** Converts a WIT implementation (client or server info) to the MCP one. */
export function implementationToMcp(
  implementation: Types.Implementation,
  field = "implementation",
): Implementation {
  const i = obj<Types.Implementation>(implementation, field);
  return compact({
    name: str(i.name, `${field}.name`),
    version: str(i.version, `${field}.version`),
    title: optStr(i.title, `${field}.title`),
  });
}

/** Converts an MCP implementation to the WIT one. */
export function implementationFromMcp(implementation: Implementation): Types.Implementation {
  return { name: implementation.name, version: implementation.version, title: implementation.title };
}
