// The text a person reads for a result (and what the deep link puts in #result).

interface ContentLike {
  type: string;
  text?: string;
  mimeType?: string;
  uri?: string;
  resource?: { uri: string; text?: string };
}

/** Text of content blocks: text as is, other kinds as a one-line description. */
export function contentText(content: readonly ContentLike[]): string {
  return content
    .map((block) => {
      if (block.type === "text") return block.text ?? "";
      if (block.type === "resource") return block.resource?.text ?? `[resource ${block.resource?.uri}]`;
      if (block.type === "resource_link") return `[link ${block.uri}]`;
      return `[${block.type}${block.mimeType ? ` ${block.mimeType}` : ""}]`;
    })
    .join("\n");
}

/** Text of a tools/call result; structured content, when present, follows as JSON. */
export function toolResultText(result: { content?: unknown; structuredContent?: unknown }): string {
  const text = contentText((result.content ?? []) as ContentLike[]);
  return result.structuredContent === undefined || text !== ""
    ? text
    : JSON.stringify(result.structuredContent, null, 2);
}

/** Text of a resources/read result. */
export function resourceText(result: {
  contents: readonly { uri: string; text?: string; blob?: string; mimeType?: string }[];
}): string {
  return result.contents
    .map(
      (item) =>
        item.text ?? `[${item.mimeType ?? "binary"} ${item.uri}, ${item.blob?.length ?? 0} base64 chars]`,
    )
    .join("\n");
}

/** Text of a prompts/get result: one line per message, prefixed by its role. */
export function promptText(result: { messages: readonly { role: string; content: ContentLike }[] }): string {
  return result.messages.map((message) => `${message.role}: ${contentText([message.content])}`).join("\n");
}
