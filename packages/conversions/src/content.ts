import type {
  BlobResourceContents,
  Annotations as McpAnnotations,
  ContentBlock as McpContentBlock,
  PromptMessage as McpPromptMessage,
  TextResourceContents,
} from "@modelcontextprotocol/sdk/types.js";
import type { Content } from "@wasi-mcp/bindings";
import { base64ToBytes, bytesToBase64 } from "./binary.js";
import { count, list, num, obj, oneOf, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { conversionError } from "./errors.js";

/** MCP resource contents: text or blob. */
export type McpResourceContents = TextResourceContents | BlobResourceContents;

const ROLES: readonly Content.Role[] = ["user", "assistant"];

/** Checks a WIT/MCP role. */
export function role(value: unknown, field: string): Content.Role {
  return oneOf(value, ROLES, field);
}

/** Converts WIT annotations to MCP annotations, dropping absent fields. */
export function annotationsToMcp(
  annotations: Content.Annotations | undefined,
  field = "annotations",
): McpAnnotations | undefined {
  if (annotations === undefined) return undefined;
  const a = obj<Content.Annotations>(annotations, field);
  return compact({
    audience: a.audience === undefined ? undefined : roles(a.audience, `${field}.audience`),
    priority: a.priority === undefined ? undefined : num(a.priority, `${field}.priority`, 0, 1),
    lastModified: optStr(a.lastModified, `${field}.lastModified`),
  });
}

/** Converts MCP annotations to WIT annotations. */
export function annotationsFromMcp(
  annotations: McpAnnotations | undefined,
  field = "annotations",
): Content.Annotations | undefined {
  if (annotations === undefined) return undefined;
  return {
    audience:
      annotations.audience === undefined ? undefined : roles(annotations.audience, `${field}.audience`),
    priority: annotations.priority,
    lastModified: annotations.lastModified,
  };
}

function roles(value: unknown, field: string): Content.Role[] {
  return list(value, field).map((r, i) => role(r, `${field}[${i}]`));
}

/** Converts WIT resource contents to MCP resource contents (bytes become base64). */
export function resourceContentsToMcp(
  contents: Content.ResourceContents,
  field = "contents",
): McpResourceContents {
  const tag = oneOf(obj<Content.ResourceContents>(contents, field).tag, ["text", "blob"], `${field}.tag`);
  const val = obj<Content.TextResourceContents & Content.BlobResourceContents>(contents.val, field);
  const uri = str(val.uri, `${field}.uri`);
  const mimeType = optStr(val.mimeType, `${field}.mimeType`);
  if (tag === "text") return compact({ uri, mimeType, text: str(val.text, `${field}.text`) });
  return compact({ uri, mimeType, blob: bytesToBase64(bytes(val.blob, `${field}.blob`)) });
}

/** Converts MCP resource contents to WIT resource contents. */
export function resourceContentsFromMcp(
  contents: McpResourceContents,
  field: string,
): Content.ResourceContents {
  if ("text" in contents && typeof contents.text === "string") {
    return { tag: "text", val: { uri: contents.uri, mimeType: contents.mimeType, text: contents.text } };
  }
  if ("blob" in contents && typeof contents.blob === "string") {
    return {
      tag: "blob",
      val: { uri: contents.uri, mimeType: contents.mimeType, blob: base64ToBytes(contents.blob) },
    };
  }
  return conversionError(field, "resource contents need either `text` or `blob`");
}

/** Converts a WIT content block to an MCP content block. */
export function contentBlockToMcp(block: Content.ContentBlock, field = "content"): McpContentBlock {
  const tag = oneOf(obj<Content.ContentBlock>(block, field).tag, CONTENT_TAGS, `${field}.tag`);
  const val = obj<Record<string, unknown>>(block.val, field);
  const annotations = annotationsToMcp(
    val.annotations as Content.Annotations | undefined,
    `${field}.annotations`,
  );
  switch (tag) {
    case "text":
      return compact({ type: "text", text: str(val.text, `${field}.text`), annotations });
    case "image":
    case "audio":
      return compact({
        type: tag,
        data: bytesToBase64(bytes(val.data, `${field}.data`)),
        mimeType: str(val.mimeType, `${field}.mimeType`),
        annotations,
      });
    case "embedded-resource":
      return compact({
        type: "resource",
        resource: resourceContentsToMcp(val.resource as Content.ResourceContents, `${field}.resource`),
        annotations,
      });
    case "resource-link":
      return compact({
        type: "resource_link",
        uri: str(val.uri, `${field}.uri`),
        name: str(val.name, `${field}.name`),
        title: optStr(val.title, `${field}.title`),
        description: optStr(val.description, `${field}.description`),
        mimeType: optStr(val.mimeType, `${field}.mimeType`),
        size: val.size === undefined ? undefined : count(val.size, `${field}.size`),
        annotations,
      });
  }
}

const CONTENT_TAGS: readonly Content.ContentBlock["tag"][] = [
  "text",
  "image",
  "audio",
  "embedded-resource",
  "resource-link",
];

/** Converts an MCP content block to a WIT content block. */
export function contentBlockFromMcp(block: McpContentBlock, field: string): Content.ContentBlock {
  const annotations = annotationsFromMcp(block.annotations, `${field}.annotations`);
  switch (block.type) {
    case "text":
      return { tag: "text", val: { text: block.text, annotations } };
    case "image":
    case "audio":
      return {
        tag: block.type,
        val: { data: base64ToBytes(block.data), mimeType: block.mimeType, annotations },
      };
    case "resource":
      return {
        tag: "embedded-resource",
        val: { resource: resourceContentsFromMcp(block.resource, `${field}.resource`), annotations },
      };
    case "resource_link":
      return {
        tag: "resource-link",
        val: {
          uri: block.uri,
          name: block.name,
          title: block.title,
          description: block.description,
          mimeType: block.mimeType,
          size: block.size === undefined ? undefined : BigInt(count(block.size, `${field}.size`)),
          annotations,
        },
      };
    default:
      return conversionError(
        field,
        `unknown content type ${JSON.stringify((block as { type: unknown }).type)}`,
      );
  }
}

/** Converts a WIT prompt message to an MCP prompt message. */
export function promptMessageToMcp(message: Content.PromptMessage, field = "message"): McpPromptMessage {
  const m = obj<Content.PromptMessage>(message, field);
  return { role: role(m.role, `${field}.role`), content: contentBlockToMcp(m.content, `${field}.content`) };
}

/** Converts an MCP prompt message to a WIT prompt message. */
export function promptMessageFromMcp(message: McpPromptMessage, field: string): Content.PromptMessage {
  return {
    role: role(message.role, `${field}.role`),
    content: contentBlockFromMcp(message.content, `${field}.content`),
  };
}

function bytes(value: unknown, field: string): Uint8Array {
  if (!(value instanceof Uint8Array)) conversionError(field, "expected bytes (list<u8>)");
  return value as Uint8Array;
}
