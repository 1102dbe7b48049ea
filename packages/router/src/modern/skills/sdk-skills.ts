import { McpError, type ReadResourceResult, type Resource } from "@modelcontextprotocol/sdk/types.js";
import { type McpServer, ProtocolError, ResourceNotFoundError } from "@modelcontextprotocol/server";
import {
  memorySkillFiles,
  SkillsExtension,
  type SkillWarning,
} from "@modelcontextprotocol/server/ext/skills";
import type { McpBackend } from "../../shared/backend.js";
import type { SkillBundle, SkillsProvider } from "../../shared/skills.js";

/** Options of {@link createSkillsProvider}. */
export interface SkillsProviderOptions {
  /** Entries per `skills/list` and directory page. Default 100. */
  pageSize?: number;
  /** Where the catalog's warnings go (a skill skipped for a bad `SKILL.md`). Default: stderr. */
  onWarning?: (warning: SkillWarning) => void;
}

type Handler = (params: Record<string, unknown>, ctx: never) => Promise<Record<string, unknown>>;
type ReadCallback = (uri: URL, variables: Record<string, unknown>, ctx: never) => Promise<ReadResourceResult>;
type ListCallback = (ctx: never) => Promise<{ resources: Resource[] }>;

/** One catalog's handlers, as the SDK registers them on a server (captured, see {@link capture}). */
interface Served {
  handlers: Map<string, Handler>;
  read: ReadCallback | undefined;
  listResources: ListCallback | undefined;
}

const EMPTY: Served = { handlers: new Map(), read: undefined, listResources: undefined };

/**
 * The skills a backend lists (`McpBackend.listSkills`), served by the SDK's own implementation of
 * the extension: the bundles become one `SkillCatalog` (`SkillsExtension.load` over
 * `memorySkillFiles`), which validates each `SKILL.md` (a bad one is skipped with a warning),
 * computes digests and sizes, pages `skills/list` and directory reads, and checks every file it
 * serves against its digest. The catalog is rebuilt when the backend's list changes (a new
 * array). Results carry no cache fields: the 2026 face adds them. Undefined for a backend
 * without `listSkills`.
 *
 * @example
 * ```ts
 * const skills = createSkillsProvider(backend);
 * const page = await skills?.list(undefined); // { skills: [...] }
 * ```
 */
export function createSkillsProvider(
  backend: McpBackend,
  options: SkillsProviderOptions = {},
): SkillsProvider | undefined {
  const listSkills = backend.listSkills?.bind(backend);
  if (!listSkills) return undefined;
  const onWarning =
    options.onWarning ??
    ((warning: SkillWarning) =>
      process.stderr.write(`[@wasi-mcp/router] skills: ${warning.path}: ${warning.message}\n`));
  let built: { bundles: readonly SkillBundle[]; served: Promise<Served> } | undefined;
  const current = (): Promise<Served> => {
    const bundles = listSkills();
    if (built?.bundles !== bundles) built = { bundles, served: build(bundles, options.pageSize, onWarning) };
    return built.served;
  };
  const call = async (method: string, params: Record<string, unknown>) => {
    const handler = (await current()).handlers.get(method);
    if (!handler) throw new McpError(-32602, `No skill is served at ${String(params.uri ?? "")}`);
    return translated(() => handler(params, {} as never));
  };
  return {
    declared: () => listSkills().length > 0,
    settings: () => ({ directoryRead: true }),
    list: (cursor) => call("skills/list", cursor === undefined ? {} : { cursor }),
    get: (uri) => call("skills/get", { uri }),
    readDirectory: (uri, cursor) =>
      call("resources/directory/read", cursor === undefined ? { uri } : { uri, cursor }),
    async listResources() {
      const served = await current();
      return served.listResources ? (await served.listResources({} as never)).resources : [];
    },
    async read(uri) {
      if (!uri.startsWith("skill://")) return undefined;
      const served = await current();
      const read = served.read;
      if (!read) return undefined;
      try {
        return await read(new URL(uri), {}, {} as never);
      } catch (error) {
        // Not one of the catalog's files: the router answers it like any unknown resource.
        if (error instanceof ResourceNotFoundError) return undefined;
        throw translatedError(error);
      }
    },
  };
}

/** One catalog over the bundles' files (`<path>/<file>`); nothing to build when there are none. */
async function build(
  bundles: readonly SkillBundle[],
  pageSize: number | undefined,
  onWarning: (warning: SkillWarning) => void,
): Promise<Served> {
  if (bundles.length === 0) return EMPTY;
  const files: Record<string, string | Uint8Array> = {};
  for (const bundle of bundles) {
    for (const [path, content] of Object.entries(bundle.files)) files[`${bundle.path}/${path}`] = content;
  }
  const catalog = await SkillsExtension.load(memorySkillFiles(files), {
    onWarning,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
  return capture(catalog);
}

/**
 * The handlers `SkillsExtension.attach` registers, captured on a stand-in for the `McpServer` it
 * expects: the router serves MCP on the SDK's low-level servers (ADR 0003), so the extension's
 * methods are routed by the router's own handlers to the SDK's. The stand-in reports a
 * 2025-11-25 session, so results carry no cache fields (the 2026 face adds them).
 */
function capture(catalog: SkillsExtension): Served {
  const served: Served = { handlers: new Map(), read: undefined, listResources: undefined };
  const standIn = {
    isConnected: () => false,
    server: {
      assertCanSetRequestHandler: () => undefined,
      setRequestHandler: (method: string, _schemas: unknown, handler: Handler) => {
        served.handlers.set(method, handler);
      },
      registerCapabilities: () => undefined,
      getNegotiatedProtocolVersion: () => "2025-11-25",
    },
    registerResource: (
      _name: string,
      template: { listCallback?: ListCallback },
      _metadata: unknown,
      read: ReadCallback,
    ) => {
      served.read = read;
      served.listResources = template.listCallback;
    },
  };
  catalog.attach(standIn as unknown as McpServer);
  return served;
}

/** The SDK v2 errors the catalog throws, as the router's own (`McpError`), codes and data kept. */
async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translatedError(error);
  }
}

function translatedError(error: unknown): unknown {
  return error instanceof ProtocolError ? new McpError(error.code, error.message, error.data) : error;
}
