import { ErrorCode, McpError, type ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import {
  type BackendEvent,
  type BackendIdentity,
  type CacheHint,
  type McpBackend,
  matchTemplate,
  type SkillBundle,
} from "@wasi-mcp/router";
import { compositeSkills } from "./composite-skills.js";
import { ResourceClaims } from "./resource-claims.js";

/** One component of a composite: the backend and the namespace its tools and prompts get. */
export interface CompositeMember {
  namespace: string;
  backend: McpBackend;
}

/** Options of {@link createCompositeBackend}. */
export interface CompositeOptions {
  /** Server name announced to clients. */
  name: string;
  /** Server version announced to clients. */
  version: string;
  /** Between namespace and name. Default `__`. */
  separator?: string;
  /**
   * Serve a single member as itself: names without namespace, its own server info and
   * instructions. Used when one component is served without an explicit namespace.
   */
  passThrough?: boolean;
  /**
   * A resource clash that appeared at run time, through a member's list change: the newcomer's
   * entry is refused and this is called once with a message naming both members.
   */
  onClash?(message: string): void;
  /** Skills served beside the members' (the compositor's skills directory), as they are. */
  skills?: () => readonly SkillBundle[];
}

/** A composite backend whose members can be swapped while sessions stay open. */
export interface CompositeBackend extends McpBackend {
  /** Replaces (or adds) the member with this namespace; emits list_changed for what changed. */
  replace(member: CompositeMember): void;
  /** Removes a member; emits list_changed. */
  remove(namespace: string): void;
  /** The current members, in order. */
  members(): readonly CompositeMember[];
  /** Tells sessions the skills beside the members' changed (a `resources` list change). */
  skillsChanged(): void;
}

/**
 * Serves several backends as one: tools and prompts are exposed as `<namespace><separator><name>`,
 * resources keep their URIs. A resource URI (or template) registered by two members is an error
 * naming both, as is a namespace used twice; one that a member's list change brings later is
 * refused for the newcomer, reported through `onClash`. Each call goes to its owning member; lists are merged
 * in member order.
 *
 * @example
 * ```ts
 * const backend = createCompositeBackend(
 *   [{ namespace: "hello", backend: hello.backend }, { namespace: "notes", backend: notes.backend }],
 *   { name: "mcp-compositor", version: "0.1.0" },
 * );
 * ```
 */
export function createCompositeBackend(
  initial: CompositeMember[],
  options: CompositeOptions,
): CompositeBackend {
  const separator = options.separator ?? "__";
  let members: CompositeMember[] = [];
  const listeners = new Set<(event: BackendEvent) => void>();
  const detach = new Map<string, () => void>();
  const emit = (event: BackendEvent) => {
    for (const listener of listeners) listener(event);
  };

  const claims = new ResourceClaims(options.onClash);
  const attach = (member: CompositeMember) => {
    const off = member.backend.onEvent?.((event) => {
      if (event.type === "resources-list-changed") claims.update(member, members);
      emit(event);
    });
    if (off) detach.set(member.namespace, off);
  };
  const validate = (candidate: CompositeMember[]) => {
    const namespaces = new Set<string>();
    for (const member of candidate) {
      if (!member.namespace || member.namespace.includes(separator)) {
        throw new Error(
          `namespace "${member.namespace}" must be non-empty and must not contain "${separator}"`,
        );
      }
      if (namespaces.has(member.namespace)) throw new Error(`namespace "${member.namespace}" is used twice`);
      namespaces.add(member.namespace);
    }
    checkResourceClashes(candidate);
  };
  if (options.passThrough && initial.length !== 1) throw new Error("passThrough serves exactly one member");
  validate(initial);
  members = [...initial];
  claims.reset(members);
  for (const member of members) attach(member);

  const split = (qualified: string): [CompositeMember, string] => {
    if (options.passThrough && members[0]) return [members[0], qualified];
    const at = qualified.indexOf(separator);
    const member = at > 0 ? members.find((m) => m.namespace === qualified.slice(0, at)) : undefined;
    if (!member) throw new McpError(ErrorCode.InvalidParams, `Unknown tool or prompt: ${qualified}`);
    return [member, qualified.slice(at + separator.length)];
  };
  const ownerOf = (uri: string): CompositeMember => {
    const owner =
      members.find((m) => claims.resources(m).some((r) => r.uri === uri)) ??
      members.find((m) => matchTemplate(claims.templates(m), uri) !== undefined);
    if (!owner) throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
    return owner;
  };
  const qualify = <T extends { name: string }>(member: CompositeMember, item: T): T =>
    options.passThrough ? item : { ...item, name: `${member.namespace}${separator}${item.name}` };

  const backend: CompositeBackend = {
    identity: () => compositeIdentity(members, options),
    listTools: () => members.flatMap((m) => m.backend.listTools().map((tool) => qualify(m, tool))),
    listResources: () => members.flatMap((m) => claims.resources(m)),
    listResourceTemplates: () => members.flatMap((m) => claims.templates(m)),
    listPrompts: () => members.flatMap((m) => m.backend.listPrompts().map((prompt) => qualify(m, prompt))),
    listSkills: compositeSkills(() => members, options.passThrough ?? false, options.skills),
    callTool(name, args, request) {
      const [member, local] = split(name);
      return member.backend.callTool(local, args, request);
    },
    readResource: (uri, request) => ownerOf(uri).backend.readResource(uri, request),
    getPrompt(name, args, request) {
      const [member, local] = split(name);
      return member.backend.getPrompt(local, args, request);
    },
    async complete(reference, argument, context, request) {
      const [member, ref] =
        reference.type === "ref/prompt"
          ? (([m, local]) => [m, { type: "ref/prompt" as const, name: local }] as const)(
              split(reference.name),
            )
          : ([ownerOf(reference.uri), reference] as const);
      if (!member.backend.complete) return { values: [], hasMore: false };
      return member.backend.complete(ref, argument, context, request);
    },
    async subscribe(uri, request) {
      await ownerOf(uri).backend.subscribe?.(uri, request);
    },
    async unsubscribe(uri, request) {
      await ownerOf(uri).backend.unsubscribe?.(uri, request);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cacheHint(target) {
      if (target.method === "resources/read") {
        const owner = members.find((m) => m.backend.listResources().some((r) => r.uri === target.uri));
        return owner?.backend.cacheHint?.(target);
      }
      return combinedListHint(members.map((m) => m.backend.cacheHint?.(target)));
    },
    replace(member) {
      const next = members.some((m) => m.namespace === member.namespace)
        ? members.map((m) => (m.namespace === member.namespace ? member : m))
        : [...members, member];
      validate(next);
      detach.get(member.namespace)?.();
      members = next;
      claims.reset(members);
      attach(member);
      emit({ type: "tools-list-changed" });
      emit({ type: "resources-list-changed" });
      emit({ type: "prompts-list-changed" });
    },
    remove(namespace) {
      detach.get(namespace)?.();
      detach.delete(namespace);
      members = members.filter((m) => m.namespace !== namespace);
      claims.release(namespace);
      emit({ type: "tools-list-changed" });
      emit({ type: "resources-list-changed" });
      emit({ type: "prompts-list-changed" });
    },
    members: () => members,
    skillsChanged: () => emit({ type: "resources-list-changed" }),
  };
  return backend;
}

function checkResourceClashes(members: CompositeMember[]): void {
  const owners = new Map<string, string>();
  for (const member of members) {
    const keys = [
      ...member.backend.listResources().map((r) => `resource ${r.uri}`),
      ...member.backend.listResourceTemplates().map((t) => `resource template ${t.uriTemplate}`),
    ];
    for (const key of keys) {
      const other = owners.get(key);
      if (other) throw new Error(`${key} is registered by both "${other}" and "${member.namespace}"`);
      owners.set(key, member.namespace);
    }
  }
}

function compositeIdentity(members: CompositeMember[], options: CompositeOptions): BackendIdentity {
  if (options.passThrough && members[0]) {
    // A reload can change every list, so they are all announced as changing.
    const own = members[0].backend.identity();
    const c = own.capabilities;
    return {
      ...own,
      capabilities: {
        ...c,
        ...(c.tools ? { tools: { listChanged: true } } : {}),
        ...(c.prompts ? { prompts: { listChanged: true } } : {}),
        ...(c.resources ? { resources: { ...c.resources, listChanged: true } } : {}),
      },
    };
  }
  const capabilities: ServerCapabilities = { logging: {} };
  const identities = members.map((m) => ({ namespace: m.namespace, identity: m.backend.identity() }));
  for (const { identity } of identities) {
    const c = identity.capabilities;
    if (c.tools) capabilities.tools = { listChanged: true };
    if (c.prompts) capabilities.prompts = { listChanged: true };
    if (c.resources) {
      capabilities.resources = {
        listChanged: true,
        subscribe: Boolean(capabilities.resources?.subscribe || c.resources.subscribe),
      };
    }
    if (c.completions) capabilities.completions = {};
  }
  // Lists can change when a member is reloaded, whatever the members declare.
  capabilities.tools ??= { listChanged: true };
  const instructions = identities
    .filter(({ identity }) => identity.instructions)
    .map(({ namespace, identity }) => `${namespace}: ${identity.instructions}`)
    .join("\n");
  return {
    serverInfo: { name: options.name, version: options.version },
    capabilities,
    ...(instructions ? { instructions } : {}),
  };
}

/**
 * A composed list may be cached only as long as every member's part may: the shortest TTL, and
 * `private` unless all are `public`. A member without a hint (the host's default) leaves none.
 */
function combinedListHint(hints: readonly (CacheHint | undefined)[]): CacheHint | undefined {
  if (hints.length === 0 || hints.some((hint) => hint === undefined)) return undefined;
  const given = hints as CacheHint[];
  return {
    ttlMs: Math.min(...given.map((hint) => hint.ttlMs)),
    cacheScope: given.every((hint) => hint.cacheScope === "public") ? "public" : "private",
  };
}
