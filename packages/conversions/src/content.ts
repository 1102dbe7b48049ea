import type {
  BlobResourceContents,
  Annotations as McpAnnotations,
  ContentBlock as McpContentBlock,
  PromptMessage as McpPromptMessage,
  TextResourceContents,
} from "@modelcontextprotocol/sdk/types.js";
import type { Content } from "@wasi-mcp/bindings";
import { base64ToBytes, bytesToBase64 } from "./binary.js";
import { compact } from "./compact.js";
import { conversionError } from "./errors.js";

/** MCP resource contents: text or blob. */
export type McpResourceContents = TextResourceContents | BlobResourceContents;

/** Converts WIT annotations to MCP annotations, dropping absent fields. */
export function annotationsToMcp(annotations: Content.Annotations | undefined): McpAnnotations | undefined {
  if (!annotations) return undefined;
  return compact({
    audience: annotations.audience ? [...annotations.audience] : undefined,
    priority: annotations.priority,
    lastModified: annotations.lastModified,
  });
}

/** Converts MCP annotations to WIT annotations. */
export function annotationsFromMcp(annotations: McpAnnotations | undefined): Content.Annotations | undefined {
  if (!annotations) return undefined;
  return {
    audience: annotations.audience ? [...annotations.audience] : undefined,
    priority: annotations.priority,
    lastModified: annotations.lastModified,
  };
}

/** Converts WIT resource contents to MCP resource contents (bytes become base64). */
export function resourceContentsToMcp(contents: Content.ResourceContents): McpResourceContents {
  if (contents.tag === "text") {
    return compact({ uri: contents.val.uri, mimeType: contents.val.mimeType, text: contents.val.text });
  }
  return compact({
    uri: contents.val.uri,
    mimeType: contents.val.mimeType,
    blob: bytesToBase64(contents.val.blob),
  });
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
export function contentBlockToMcp(block: Content.ContentBlock): McpContentBlock {
  const annotations = annotationsToMcp(block.val.annotations);
  switch (block.tag) {
    case "text":
      return compact({ type: "text", text: block.val.text, annotations });
    case "image":
    case "audio":
      return compact({
        type: block.tag,
        data: bytesToBase64(block.val.data),
        mimeType: block.val.mimeType,
        annotations,
      });
    case "embedded-resource":
      return compact({ type: "resource", resource: resourceContentsToMcp(block.val.resource), annotations });
    case "resource-link": {
      const link = block.val;
      return compact({
        type: "resource_link",
        uri: link.uri,
        name: link.name,
        title: link.title,
        description: link.description,
        mimeType: link.mimeType,
        size: link.size === undefined ? undefined : Number(link.size),
        annotations,
      });
    }
  }
}

/** Converts an MCP content block to a WIT content block. */
export function contentBlockFromMcp(block: McpContentBlock, field: string): Content.ContentBlock {
  const annotations = annotationsFromMcp(block.annotations);
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
          size: block.size === undefined ? undefined : BigInt(block.size),
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
export function promptMessageToMcp(message: Content.PromptMessage): McpPromptMessage {
  return { role: message.role, content: contentBlockToMcp(message.content) };
}

/** Converts an MCP prompt message to a WIT prompt message. */
export function promptMessageFromMcp(message: McpPromptMessage, field: string): Content.PromptMessage {
  return { role: message.role, content: contentBlockFromMcp(message.content, `${field}.content`) };
}
