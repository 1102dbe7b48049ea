/** The default bound of {@link printable}, in characters. */
export const PRINTABLE_MAX_CHARS = 200;

// C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional overrides and
// isolates: each can forge a log line or make one read differently than it is.
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Request-derived text (a method name, a tool name, a URI, a header) as it may appear in a log line
 * or an error message: control characters escaped (`\n`, `\u001b`, …), so a value cannot forge or
 * split a line, and cut to `max` characters with the count of what was left out, so a 1 MB value
 * costs a few hundred bytes. The one function every such place uses.
 *
 * @param text - the text as the peer sent it
 * @param max - most characters of `text` kept (before escaping); default {@link PRINTABLE_MAX_CHARS}
 *
 * @example
 * ```ts
 * printable("tools/list\nmcp-compositor: ready"); // "tools/list\\nmcp-compositor: ready"
 * printable("x".repeat(1_000_000), 10); // "xxxxxxxxxx… (999990 more characters)"
 * ```
 */
export function printable(text: string, max = PRINTABLE_MAX_CHARS): string {
  let kept = text;
  let dropped = 0;
  if (text.length > max) {
    // Never keep half of a surrogate pair.
    const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
    kept = text.slice(0, end);
    dropped = text.length - end;
  }
  const safe = kept.replace(UNSAFE, escaped);
  return dropped === 0 ? safe : `${safe}… (${dropped} more characters)`;
}

function escaped(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A JSON value (an error's `data`) with every string in it passed through {@link printable} and its
 * size bounded: at most 20 members per object or array and 4 levels deep (deeper values are
 * dropped). For `data` that may quote the request.
 *
 * @example
 * ```ts
 * printableData({ mismatch: { body: "m".repeat(1_000_000) } }); // { mismatch: { body: "mmm…" } }
 * ```
 */
export function printableData(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return printable(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= 4) return undefined;
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => printableData(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 20)
      .map(([key, item]) => [printable(key, 60), printableData(item, depth + 1)]),
  );
}
