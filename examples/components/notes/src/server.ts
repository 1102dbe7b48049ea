// The notes component: state across calls, a resource per note (registered while serving), a
// subscribable index, and zod schemas for tool input and output.
import { type Context, defineServer, McpError, prompt, resource, tool } from "@wasi-mcp/guest";
import { z } from "zod";
import { type Note, NoteStore, noteUri, renderNote } from "./store.js";

const INDEX_URI = "notes://index";
const store = new NoteStore();

const summary = (n: Note) => ({ id: n.id, title: n.title, tags: n.tags, uri: noteUri(n.id) });

function noteResource(note: Note) {
  return resource({
    uri: noteUri(note.id),
    name: `note-${note.id}`,
    title: note.title,
    description: `The note "${note.title}"`,
    mimeType: "text/markdown",
    handler: () => {
      const current = store.get(note.id);
      if (!current) throw new McpError("resource-not-found", `No note ${note.id}`);
      return renderNote(current);
    },
  });
}

function indexChanged(ctx: Context): void {
  ctx.server.resourceUpdated(INDEX_URI);
}

const createNote = tool({
  name: "create_note",
  description: "Creates a note and publishes it as a resource (notes://note/<id>).",
  input: z.object({
    title: z.string().min(1).describe("Title"),
    body: z.string().default("").describe("Markdown text"),
    tags: z.array(z.string()).default([]).describe("Tags"),
  }),
  output: z.object({ id: z.string(), title: z.string(), tags: z.array(z.string()), uri: z.string() }),
  handler: ({ title, body, tags }, ctx) => {
    const note = store.create(title, body, tags);
    ctx.server.addResources(noteResource(note));
    indexChanged(ctx);
    ctx.log("info", `created note ${note.id}`, { title });
    return summary(note);
  },
});

const updateNote = tool({
  name: "update_note",
  description: "Changes a note's title or body (or appends to it); subscribers of the note are notified.",
  input: z.object({
    id: z.string(),
    title: z.string().min(1).optional(),
    body: z.string().optional(),
    append: z.string().optional(),
  }),
  handler: ({ id, ...changes }, ctx) => {
    const note = store.update(id, changes);
    // A business failure, not a protocol one: an ordinary error becomes a tool result with
    // `isError: true`, whose text the model reads and can act on.
    if (!note) throw new Error(`No note ${id}; list_notes shows the ids that exist`);
    ctx.server.resourceUpdated(noteUri(id));
    indexChanged(ctx);
    return `Updated note ${id}`;
  },
});

const listNotes = tool({
  name: "list_notes",
  description: "Lists notes, optionally only those with a tag.",
  input: z.object({ tag: z.string().optional() }),
  output: z.object({
    notes: z.array(
      z.object({ id: z.string(), title: z.string(), tags: z.array(z.string()), uri: z.string() }),
    ),
  }),
  annotations: { readOnlyHint: true },
  handler: ({ tag }) => ({ notes: store.list(tag).map(summary) }),
});

const searchNotes = tool({
  name: "search_notes",
  description: "Finds notes containing every word of the query; answers links to their resources.",
  input: z.object({ query: z.string().min(1) }),
  annotations: { readOnlyHint: true },
  handler: ({ query }) => {
    const found = store.search(query);
    if (found.length === 0) return `No note matches "${query}"`;
    return found.map((n) => ({
      type: "resource_link" as const,
      uri: noteUri(n.id),
      name: `note-${n.id}`,
      title: n.title,
      mimeType: "text/markdown",
    }));
  },
});

export const { run, handlers } = defineServer({
  name: "notes",
  version: "0.1.0",
  title: "Notes",
  instructions:
    "Keep notes: create_note, update_note, list_notes, search_notes. Each note is a resource; subscribe to notes://index or a note to hear about changes.",
  listChanged: true,
  tools: [createNote, updateNote, listNotes, searchNotes],
  resources: [
    resource({
      uri: INDEX_URI,
      name: "index",
      title: "All notes",
      mimeType: "application/json",
      handler: () => JSON.stringify(store.list().map(summary)),
    }),
  ],
  prompts: [
    prompt({
      name: "summarize_notes",
      description: "Asks the model to summarize the notes with a tag.",
      arguments: [
        {
          name: "tag",
          description: "Only notes with this tag",
          required: true,
          complete: (value: string) => store.tags().filter((t) => t.startsWith(value)),
        },
      ],
      handler: ({ tag }) => {
        const notes = store.list(tag);
        return [
          {
            role: "user",
            content: `Summarize these ${notes.length} notes tagged "${tag}" in three bullet points.`,
          },
          ...notes.map((n) => ({
            role: "user" as const,
            content: {
              type: "resource" as const,
              resource: { uri: noteUri(n.id), mimeType: "text/markdown", text: renderNote(n) },
            },
          })),
        ];
      },
    }),
  ],
  subscribe: (uri, ctx) => {
    ctx.log("debug", `subscribed to ${uri}`);
  },
  unsubscribe: (uri, ctx) => {
    ctx.log("debug", `unsubscribed from ${uri}`);
  },
});
