import { invalidParams } from "./errors.js";

/** The lists the router pages through; a cursor of one list is invalid for another. */
export type ListKind = "tools" | "resources" | "resourceTemplates" | "prompts";

/** One page of a list and, when more follow, the opaque cursor of the next page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

interface CursorState {
  /** List kind. */
  k: ListKind;
  /** Index of the first item of the page. */
  i: number;
  /** Key (name or URI) of the item just before the page, to resume after it when the list moved. */
  a: string;
}

/**
 * Returns the page of `items` that `cursor` points at. Cursors are opaque (base64url JSON) and
 * remember both the offset and the key of the last item served, so a page boundary survives
 * items being added or removed before it; an item removed at the boundary falls back to the
 * offset. A cursor that does not decode, or belongs to another list, is `-32602`.
 *
 * @example
 * ```ts
 * const first = paginate("tools", tools, undefined, 100, (t) => t.name);
 * const second = paginate("tools", tools, first.nextCursor, 100, (t) => t.name);
 * ```
 */
export function paginate<T>(
  kind: ListKind,
  items: readonly T[],
  cursor: string | undefined,
  pageSize: number,
  keyOf: (item: T) => string,
): Page<T> {
  const start = cursor === undefined ? 0 : resume(items, decodeCursor(kind, cursor), keyOf);
  if (start === 0 && items.length <= pageSize) return { items: items as T[] };
  const end = Math.min(items.length, start + pageSize);
  const page: Page<T> = { items: items.slice(start, end) };
  const last = items[end - 1];
  if (end < items.length && last !== undefined)
    page.nextCursor = encodeCursor({ k: kind, i: end, a: keyOf(last) });
  return page;
}

function resume<T>(items: readonly T[], state: CursorState, keyOf: (item: T) => string): number {
  const before = items[state.i - 1];
  if (before !== undefined && keyOf(before) === state.a) return state.i;
  const moved = items.findIndex((item) => keyOf(item) === state.a);
  if (moved >= 0) return moved + 1;
  return Math.min(state.i, items.length);
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decodeCursor(kind: ListKind, cursor: string): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    state = undefined;
  }
  const candidate = state as Partial<CursorState> | undefined;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    candidate.k !== kind ||
    !Number.isSafeInteger(candidate.i) ||
    (candidate.i as number) < 1 ||
    typeof candidate.a !== "string"
  ) {
    throw invalidParams(`Invalid cursor for ${listMethod(kind)}`);
  }
  return candidate as CursorState;
}

function listMethod(kind: ListKind): string {
  return kind === "resourceTemplates" ? "resources/templates/list" : `${kind}/list`;
}
