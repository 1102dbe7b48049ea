/** @module Interface wasi:mcp/content@0.2.0 **/
/**
 * Who a message or an annotation is for.
 * # Variants
 * 
 * ## `"user"`
 * 
 * ## `"assistant"`
 */
export type Role = 'user' | 'assistant';
/**
 * Log severities (RFC 5424), as used by `logging/setLevel` and `notifications/message`.
 * # Variants
 * 
 * ## `"debug"`
 * 
 * ## `"info"`
 * 
 * ## `"notice"`
 * 
 * ## `"warning"`
 * 
 * ## `"error"`
 * 
 * ## `"critical"`
 * 
 * ## `"alert"`
 * 
 * ## `"emergency"`
 */
export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';
/**
 * Display hints for clients.
 */
export interface Annotations {
  audience?: Array<Role>,
  /**
   * 0.0 (least important) to 1.0 (most important).
   */
  priority?: number,
  /**
   * ISO 8601 timestamp.
   */
  lastModified?: string,
}
export interface TextContent {
  text: string,
  annotations?: Annotations,
}
/**
 * Image or audio bytes with their MIME type.
 */
export interface MediaContent {
  data: Uint8Array,
  mimeType: string,
  annotations?: Annotations,
}
/**
 * Text contents of a resource.
 */
export interface TextResourceContents {
  uri: string,
  mimeType?: string,
  text: string,
}
/**
 * Binary contents of a resource.
 */
export interface BlobResourceContents {
  uri: string,
  mimeType?: string,
  blob: Uint8Array,
}
/**
 * The contents of a resource: text or binary.
 */
export type ResourceContents = ResourceContentsText | ResourceContentsBlob;
export interface ResourceContentsText {
  tag: 'text',
  val: TextResourceContents,
}
export interface ResourceContentsBlob {
  tag: 'blob',
  val: BlobResourceContents,
}
/**
 * A resource embedded with its contents.
 */
export interface EmbeddedResource {
  resource: ResourceContents,
  annotations?: Annotations,
}
/**
 * A reference to a resource the client may read.
 */
export interface ResourceLink {
  uri: string,
  name: string,
  title?: string,
  description?: string,
  mimeType?: string,
  size?: bigint,
  annotations?: Annotations,
}
/**
 * One block of content.
 */
export type ContentBlock = ContentBlockText | ContentBlockImage | ContentBlockAudio | ContentBlockEmbeddedResource | ContentBlockResourceLink;
export interface ContentBlockText {
  tag: 'text',
  val: TextContent,
}
export interface ContentBlockImage {
  tag: 'image',
  val: MediaContent,
}
export interface ContentBlockAudio {
  tag: 'audio',
  val: MediaContent,
}
export interface ContentBlockEmbeddedResource {
  tag: 'embedded-resource',
  val: EmbeddedResource,
}
export interface ContentBlockResourceLink {
  tag: 'resource-link',
  val: ResourceLink,
}
/**
 * A message of a prompt.
 */
export interface PromptMessage {
  role: Role,
  content: ContentBlock,
}
