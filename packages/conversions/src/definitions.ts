import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
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
  if (!tool.name) conversionError(`${field}.name`, "a tool needs a non-empty name");
  const inputSchema = parseJsonObject(tool.inputSchema, `${field}.inputSchema`);
  if (inputSchema.type !== "object") {
    conversionError(
      `${field}.inputSchema`,
      `the input schema of tool "${tool.name}" must have "type": "object"`,
    );
  }
  const outputSchema = parseOptionalJsonObject(tool.outputSchema, `${field}.outputSchema`);
  if (outputSchema && outputSchema.type !== "object") {
    conversionError(
      `${field}.outputSchema`,
      `the output schema of tool "${tool.name}" must have "type": "object"`,
    );
  }
  const a = tool.annotations;
  return compact({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputSchema as Tool["inputSchema"],
    outputSchema: outputSchema as Tool["outputSchema"],
    annotations: a
      ? compact({
          title: a.title,
          readOnlyHint: a.readOnlyHint,
          destructiveHint: a.destructiveHint,
          idempotentHint: a.idempotentHint,
          openWorldHint: a.openWorldHint,
        })
      : undefined,
  });
}

/** Converts a WIT resource definition to an MCP resource. */
export function resourceToMcp(resource: Types.ResourceDefinition, field: string): Resource {
  if (!URL.canParse(resource.uri))
    conversionError(`${field}.uri`, `"${resource.uri}" is not an absolute URI`);
  return compact({
    uri: resource.uri,
    name: resource.name,
    title: resource.title,
    description: resource.description,
    mimeType: resource.mimeType,
    size: resource.size === undefined ? undefined : Number(resource.size),
  });
}

/** Converts a WIT resource template to an MCP resource template. */
export function resourceTemplateToMcp(template: Types.ResourceTemplate, field: string): ResourceTemplate {
  if (!template.uriTemplate)
    conversionError(`${field}.uriTemplate`, "a resource template needs a URI template");
  return compact({
    uriTemplate: template.uriTemplate,
    name: template.name,
    title: template.title,
    description: template.description,
    mimeType: template.mimeType,
  });
}

/** Converts a WIT prompt definition to an MCP prompt. */
export function promptToMcp(prompt: Types.PromptDefinition, field: string): Prompt {
  if (!prompt.name) conversionError(`${field}.name`, "a prompt needs a non-empty name");
  return compact({
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: prompt.arguments.map((arg) =>
      compact({ name: arg.name, title: arg.title, description: arg.description, required: arg.required }),
    ),
  });
}
