// The fs-reader component: read-only access to the one directory the host preopens at /data.
import { defineServer, resourceTemplate, tool } from "@wasi-mcp/guest";
import { asResourceError, listDirectory, ROOT, readFile } from "./sandbox-fs.js";

const TEXT_TYPES: Record<string, string> = {
  txt: "text/plain",
  md: "text/markdown",
  json: "application/json",
  csv: "text/csv",
  html: "text/html",
};
const mimeTypeOf = (path: string) => TEXT_TYPES[path.split(".").pop()?.toLowerCase() ?? ""];

function asText(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path} is not UTF-8 text; read it as the resource file://${ROOT}/${path} instead`);
  }
}

export const { run, handlers } = defineServer({
  name: "fs-reader",
  version: "0.1.0",
  title: "Files under /data",
  instructions: `Reads files under ${ROOT}, the directory the host grants; nothing else is reachable.`,
  tools: [
    tool({
      name: "read_file",
      description: `Reads a UTF-8 text file under ${ROOT} (path relative to it).`,
      input: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      annotations: { readOnlyHint: true },
      handler: ({ path }) => asText(readFile(path), path),
    }),
    tool({
      name: "list_directory",
      description: `Lists a directory under ${ROOT} (default: ${ROOT} itself).`,
      input: { type: "object", properties: { path: { type: "string" } } },
      annotations: { readOnlyHint: true },
      handler: ({ path }) =>
        listDirectory(path ?? ".")
          .map((e) => (e.type === "directory" ? `${e.name}/` : e.name))
          .join("\n"),
    }),
  ],
  resourceTemplates: [
    resourceTemplate({
      uriTemplate: `file://${ROOT}/{+path}`,
      name: "file",
      description: `Any file under ${ROOT}: text for known text types, bytes otherwise.`,
      handler: (_uri, { path }) => {
        try {
          const bytes = readFile(path);
          const mimeType = mimeTypeOf(path);
          return mimeType
            ? { text: asText(bytes, path), mimeType }
            : { blob: bytes, mimeType: "application/octet-stream" };
        } catch (error) {
          throw asResourceError(error);
        }
      },
    }),
  ],
});
