// Static, binary, templated and watched resources, with subscriptions to the watched one.
import { type Context, resource, resourceTemplate, tool } from "@wasi-mcp/guest";
import { TEST_IMAGE_BASE64 } from "./media.js";

export const WATCHED_URI = "test://watched-resource";
const subscribed = new Set<string>();
let watchedContent = "Watched resource content";

export const resources = [
  resource({
    uri: "test://static-text",
    name: "static-text",
    title: "Static Text Resource",
    description: "A static text resource for testing",
    mimeType: "text/plain",
    // It never changes: 2026-07-28 clients (and shared caches) may keep it for a minute.
    cache: { ttlMs: 60_000, scope: "public" },
    handler: () => "This is the content of the static text resource.",
  }),
  resource({
    uri: "test://static-binary",
    name: "static-binary",
    title: "Static Binary Resource",
    description: "A static binary resource (image) for testing",
    mimeType: "image/png",
    handler: () => ({ blob: TEST_IMAGE_BASE64 }),
  }),
  resource({
    uri: WATCHED_URI,
    name: "watched-resource",
    title: "Watched Resource",
    description: "A resource to subscribe to; update_watched_resource changes it",
    mimeType: "text/plain",
    handler: () => watchedContent,
  }),
];

export const resourceTemplates = [
  resourceTemplate({
    uriTemplate: "test://template/{id}/data",
    name: "template",
    title: "Resource Template",
    description: "A resource template with parameter substitution",
    mimeType: "application/json",
    complete: { id: (value) => ["123", "456", "789"].filter((id) => id.startsWith(value)) },
    handler: (_uri, { id }) => JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
  }),
];

export const updateWatched = tool({
  name: "update_watched_resource",
  description: `Replaces the content of ${WATCHED_URI} and notifies its subscribers`,
  input: { type: "object", properties: { content: { type: "string" } }, required: ["content"] },
  handler: ({ content }, ctx) => {
    watchedContent = content;
    const notified = subscribed.has(WATCHED_URI) && ctx.server.resourceUpdated(WATCHED_URI);
    return `Updated ${WATCHED_URI}${notified ? " and notified subscribers" : ""}`;
  },
});

export function subscribe(uri: string, ctx: Context): void {
  subscribed.add(uri);
  ctx.log("info", `Subscribed to resource: ${uri}`);
}

export function unsubscribe(uri: string, ctx: Context): void {
  subscribed.delete(uri);
  ctx.log("info", `Unsubscribed from resource: ${uri}`);
}
