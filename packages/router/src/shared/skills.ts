// The MCP skills extension (`io.modelcontextprotocol/skills`, SEP-2640) as the shared handlers see
// it: a backend lists skill bundles; a `SkillsProvider` (built on the SDK's catalog, in
// `modern/skills/`) answers the methods; the handlers here route them on both faces.
import type { ReadResourceResult, Resource } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { RouteTable } from "./route-table.js";
import type { RouterSession } from "./session.js";

/** The extension's identifier, the key of its capability under `capabilities.extensions`. */
export const SKILLS_EXTENSION = "io.modelcontextprotocol/skills";

/**
 * One skill a backend serves: a directory holding a `SKILL.md` (YAML frontmatter with `name` and
 * `description`) and the files it refers to. Served as `skill://<path>/SKILL.md` and
 * `skill://<path>/<file>`; the last segment of `path` is the skill's name.
 *
 * @example
 * ```ts
 * const bundle: SkillBundle = {
 *   path: "pdf-processing",
 *   files: { "SKILL.md": "---\nname: pdf-processing\ndescription: Fill PDF forms\n---\nBody.\n" },
 * };
 * ```
 */
export interface SkillBundle {
  /** `/`-separated segments (`acme/pdf-processing`); the last is the frontmatter `name`. */
  path: string;
  /** Contents by path under the skill's directory (`SKILL.md`, `references/FORMS.md`). */
  files: Readonly<Record<string, string | Uint8Array>>;
}

/** What serves the extension's methods and skill files for one backend (both faces share it). */
export interface SkillsProvider {
  /** Whether the backend serves any skill now (the extension is declared only then). */
  declared(): boolean;
  /** The extension's settings object (`{ directoryRead: true }`). */
  settings(): Record<string, unknown>;
  /** `skills/list`: one page of skill entries. */
  list(cursor: string | undefined): Promise<Record<string, unknown>>;
  /** `skills/get`: the entry of one skill; `-32602` for a URI no skill is served at. */
  get(uri: string): Promise<Record<string, unknown>>;
  /** `resources/directory/read`: one page of a directory's children; `-32602` for no directory. */
  readDirectory(uri: string, cursor: string | undefined): Promise<Record<string, unknown>>;
  /** The `SKILL.md` resources `resources/list` adds (one per skill). */
  listResources(): Promise<Resource[]>;
  /** A skill file's contents; `undefined` when `uri` is not under the skills' base URI. */
  read(uri: string): Promise<ReadResourceResult | undefined>;
}

const cursorParams = z.looseObject({ cursor: z.string().optional() }).optional();
const uriParams = z.looseObject({ uri: z.string(), cursor: z.string().optional() });

/** `skills/list`. */
export const ListSkillsRequestSchema = z.looseObject({
  method: z.literal("skills/list"),
  params: cursorParams,
});
/** `skills/get`. */
export const GetSkillRequestSchema = z.looseObject({
  method: z.literal("skills/get"),
  params: z.looseObject({ uri: z.string() }),
});
/** `resources/directory/read`. */
export const ReadResourceDirectoryRequestSchema = z.looseObject({
  method: z.literal("resources/directory/read"),
  params: uriParams,
});

/** The methods the extension adds, for faces that register non-spec methods their own way. */
export const SKILLS_METHODS: ReadonlySet<string> = new Set([
  "skills/list",
  "skills/get",
  "resources/directory/read",
]);

/** Registers `skills/list`, `skills/get` and `resources/directory/read` on a face. */
export function registerSkills(server: RouteTable, _session: RouterSession, skills: SkillsProvider): void {
  // The SDK's result types are plain JSON objects the router hands through as they are.
  type Result = Awaited<ReturnType<Parameters<RouteTable["route"]>[1]>>;
  server.route(
    ListSkillsRequestSchema,
    async (request) => (await skills.list(request.params?.cursor)) as Result,
  );
  server.route(GetSkillRequestSchema, async (request) => (await skills.get(request.params.uri)) as Result);
  server.route(
    ReadResourceDirectoryRequestSchema,
    async (request) => (await skills.readDirectory(request.params.uri, request.params.cursor)) as Result,
  );
}
