/** One note. */
export interface Note {
  id: string;
  title: string;
  body: string;
  tags: string[];
  updated: number;
}

/** The component's state: notes in memory, numbered in creation order. */
export class NoteStore {
  readonly #notes = new Map<string, Note>();
  #next = 1;

  create(title: string, body: string, tags: string[]): Note {
    const note = { id: String(this.#next++), title, body, tags: [...new Set(tags)], updated: Date.now() };
    this.#notes.set(note.id, note);
    return note;
  }

  get(id: string): Note | undefined {
    return this.#notes.get(id);
  }

  update(
    id: string,
    changes: { title?: string | undefined; body?: string | undefined; append?: string | undefined },
  ): Note | undefined {
    const note = this.#notes.get(id);
    if (!note) return undefined;
    if (changes.title !== undefined) note.title = changes.title;
    if (changes.body !== undefined) note.body = changes.body;
    if (changes.append !== undefined)
      note.body = note.body ? `${note.body}\n${changes.append}` : changes.append;
    note.updated = Date.now();
    return note;
  }

  list(tag?: string): Note[] {
    const all = [...this.#notes.values()];
    return tag === undefined ? all : all.filter((n) => n.tags.includes(tag));
  }

  /** Notes whose title, body or tags contain every word of `query` (case-insensitive). */
  search(query: string): Note[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.list().filter((n) => {
      const haystack = `${n.title}\n${n.body}\n${n.tags.join(" ")}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }

  tags(): string[] {
    return [...new Set(this.list().flatMap((n) => n.tags))].sort();
  }
}

/** The URI of a note's resource. */
export const noteUri = (id: string): string => `notes://note/${id}`;

/** A note as Markdown. */
export function renderNote(note: Note): string {
  const tags = note.tags.length > 0 ? `\n\nTags: ${note.tags.join(", ")}` : "";
  return `# ${note.title}\n\n${note.body}${tags}\n`;
}
