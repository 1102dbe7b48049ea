import type { WitAnnotations, WitContentBlock, WitResourceContents, WitRole } from "./wit.js";

/** Binary data: bytes, or a base64 string (decoded by the kit). */
export type Bytes = Uint8Array | string;

/** Display hints for clients. */
export interface Annotations {
  audience?: WitRole[];
  priority?: number;
  lastModified?: string;
}

/** Text contents of a resource; `uri` defaults to the resource read. */
export interface TextResourceContent {
  uri?: string;
  mimeType?: string;
  text: string;
}

/** Binary contents of a resource; `uri` defaults to the resource read. */
export interface BlobResourceContent {
  uri?: string;
  mimeType?: string;
  blob: Bytes;
}

/** Contents of a resource. */
export type ResourceContent = TextResourceContent | BlobResourceContent;

/** One content block, shaped as in MCP (binary as bytes or base64). */
export type ContentItem =
  | { type: "text"; text: string; annotations?: Annotations }
  | { type: "image" | "audio"; data: Bytes; mimeType: string; annotations?: Annotations }
  | { type: "resource"; resource: ResourceContent & { uri: string }; annotations?: Annotations }
  | {
      type: "resource_link";
      uri: string;
      name: string;
      title?: string;
      description?: string;
      mimeType?: string;
      size?: number;
      annotations?: Annotations;
    };

/** A content block, or a string for text. */
export type Content = string | ContentItem;

const ITEM_TYPES: ReadonlySet<unknown> = new Set(["text", "image", "audio", "resource", "resource_link"]);

/** True when `value` is a {@link ContentItem} (an object whose `type` is a content type). */
export function isContentItem(value: unknown): value is ContentItem {
  return typeof value === "object" && value !== null && ITEM_TYPES.has((value as { type?: unknown }).type);
}

/** Bytes of binary data given as bytes or base64. */
export function toBytes(data: Bytes): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The WIT content block for a friendly content value. */
export function toWitContent(content: Content): WitContentBlock {
  if (typeof content === "string") return { tag: "text", val: { text: content } };
  const annotations = toWitAnnotations(content.annotations);
  switch (content.type) {
    case "text":
      return { tag: "text", val: { text: content.text, annotations } };
    case "image":
    case "audio":
      return {
        tag: content.type,
        val: { data: toBytes(content.data), mimeType: content.mimeType, annotations },
      };
    case "resource":
      return {
        tag: "embedded-resource",
        val: { resource: toWitResourceContents(content.resource, content.resource.uri), annotations },
      };
    case "resource_link": {
      const { type: _type, size, annotations: _a, ...link } = content;
      return {
        tag: "resource-link",
        val: { ...link, size: size === undefined ? undefined : BigInt(size), annotations },
      };
    }
  }
}

/** The WIT resource contents for friendly contents; `uri` is used when the contents name none. */
export function toWitResourceContents(content: ResourceContent, uri: string): WitResourceContents {
  const target = content.uri ?? uri;
  if ("blob" in content) {
    return { tag: "blob", val: { uri: target, mimeType: content.mimeType, blob: toBytes(content.blob) } };
  }
  return { tag: "text", val: { uri: target, mimeType: content.mimeType, text: content.text } };
}

/** The friendly form of a WIT content block (sampling results). Binary stays bytes. */
export function fromWitContent(block: WitContentBlock): ContentItem {
  switch (block.tag) {
    case "text":
      return { type: "text", text: block.val.text };
    case "image":
    case "audio":
      return { type: block.tag, data: block.val.data, mimeType: block.val.mimeType };
    case "embedded-resource": {
      const inner = block.val.resource;
      const resource =
        inner.tag === "text"
          ? { uri: inner.val.uri, mimeType: inner.val.mimeType, text: inner.val.text }
          : { uri: inner.val.uri, mimeType: inner.val.mimeType, blob: inner.val.blob };
      return { type: "resource", resource };
    }
    case "resource-link": {
      const { size, annotations: _a, ...link } = block.val;
      return { type: "resource_link", ...link, ...(size === undefined ? {} : { size: Number(size) }) };
    }
  }
}

function toWitAnnotations(annotations: Annotations | undefined): WitAnnotations | undefined {
  if (!annotations) return undefined;
  return {
    audience: annotations.audience,
    priority: annotations.priority,
    lastModified: annotations.lastModified,
  };
}

/**
 * A text content block.
 *
 * @example
 * ```ts
 * return [text("Here is the chart:"), image(png, "image/png")];
 * ```
 */
export function text(value: string, annotations?: Annotations): ContentItem {
  return annotations ? { type: "text", text: value, annotations } : { type: "text", text: value };
}

/**
 * An image content block from bytes or base64.
 *
 * @example
 * ```ts
 * return image(pngBytes, "image/png");
 * ```
 */
export function image(data: Bytes, mimeType: string): ContentItem {
  return { type: "image", data, mimeType };
}

/**
 * An audio content block from bytes or base64.
 *
 * @example
 * ```ts
 * return audio(wavBytes, "audio/wav");
 * ```
 */
export function audio(data: Bytes, mimeType: string): ContentItem {
  return { type: "audio", data, mimeType };
}

/**
 * A resource embedded in a tool result or prompt message.
 *
 * @example
 * ```ts
 * return embedded({ uri: "test://doc", mimeType: "text/plain", text: "…" });
 * ```
 */
export function embedded(resource: ResourceContent & { uri: string }): ContentItem {
  return { type: "resource", resource };
}
