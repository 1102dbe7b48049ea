// Who owns what a component registered (docs/adr/0009-registration-ownership.md): the lists a
// component's instances serve, merged, and where a call for one name must go. Used by every
// instance holder (the Node pool, the browser's keeper), so both hosts list and route alike.
import type { GuestEvent, RegistrySnapshot } from "../guest-runtime/guest-events.js";

/** The lists a `list_changed` notification names (`resources` covers the templates too). */
export type RegisteredList = "tools" | "resources" | "prompts";

/** What a call is for, when it names something registered. */
export type RegisteredTarget =
  | { kind: "tool"; name: string }
  | { kind: "prompt"; name: string }
  | { kind: "resource"; uri: string };

/**
 * The registrations of a component's live instances. Each live instance (an _owner_) has its own
 * snapshot: what `run` registered plus what it registered later. The component's lists are the
 * union of the live owners' snapshots, so what an instance registered after `serve` is listed
 * while that instance lives and is withdrawn, with a list change, when it goes. While no instance
 * lives (a lone instance being replaced), the lists are what the first instance's `run`
 * registered: every new instance registers that, so it is the component's. A call for a name
 * that some live owners have and others lack goes to one that has it ({@link ownersOf}).
 */
export class OwnedRegistrations<Owner> {
  readonly #owners = new Map<Owner, RegistrySnapshot>();
  readonly #forward: (event: GuestEvent) => void;
  #baseline: RegistrySnapshot | undefined;
  #current: RegistrySnapshot | undefined;

  /** `forward` receives the list changes of the merged lists (with the merged registry). */
  constructor(forward: (event: GuestEvent) => void) {
    this.#forward = forward;
  }

  /** The merged registrations; throws before the first owner was adopted. */
  get current(): RegistrySnapshot {
    if (!this.#current) throw new Error("[@wasi-mcp/host] no instance has registered yet");
    return this.#current;
  }

  /** A live instance and what it registered when it started (the first one sets the baseline). */
  adopt(owner: Owner, snapshot: RegistrySnapshot): void {
    this.#baseline ??= snapshot;
    this.#set(owner, snapshot);
  }

  /**
   * A registry event of `owner` (`list-changed`, `registry`); any other event is not this
   * class's business and is ignored. An owner not adopted (yet, or any more) changes nothing.
   */
  record(owner: Owner, event: GuestEvent): void {
    if (event.type !== "list-changed" && event.type !== "registry") return;
    if (!this.#owners.has(owner)) return;
    const changed = this.#set(owner, event.registry);
    // The component asked for this list change (`register-*`, or `send-notification` of it):
    // forwarded even when the merged list reads the same, once.
    if (event.type === "list-changed" && !changed.includes(event.list)) {
      this.#forward({ type: "list-changed", list: event.list, registry: this.current });
    }
  }

  /**
   * The hooks to start an instance with: its registry events come here, under the owner that
   * `owner()` names once it has started (until then it registers nothing after `serve`); its
   * other events go to `hooks`.
   */
  hooksFor<Request, Hooks extends { onEvent(event: GuestEvent, request: Request): void }>(
    hooks: Hooks,
    owner: () => Owner | undefined,
  ): Hooks {
    return {
      ...hooks,
      onEvent: (event: GuestEvent, request: Request) => {
        if (event.type !== "list-changed" && event.type !== "registry") return hooks.onEvent(event, request);
        const self = owner();
        if (self !== undefined) this.record(self, event);
      },
    };
  }

  /** `owner` is gone: what only it registered is withdrawn. */
  withdraw(owner: Owner): void {
    if (this.#owners.delete(owner)) this.#recompute();
  }

  /**
   * The live owners that can serve `target`, when only some of them can; `undefined` when any
   * instance will do (all have it — the usual case — or none, and the guest answers).
   */
  ownersOf(target: RegisteredTarget): Owner[] | undefined {
    const having = [...this.#owners].filter(([, snapshot]) => has(snapshot, target)).map(([owner]) => owner);
    return having.length === 0 || having.length === this.#owners.size ? undefined : having;
  }

  #set(owner: Owner, snapshot: RegistrySnapshot): RegisteredList[] {
    this.#owners.set(owner, snapshot);
    return this.#recompute();
  }

  /** Merges the owners' snapshots and forwards a list change for each list that changed. */
  #recompute(): RegisteredList[] {
    const before = this.#current;
    const next = merge([...this.#owners.values()], this.#baseline);
    if (!next) return [];
    this.#current = next;
    if (!before) return [];
    const changed = LISTS.filter((list) => listText(before, list) !== listText(next, list));
    for (const list of changed) this.#forward({ type: "list-changed", list, registry: next });
    if (changed.length === 0 && hintsText(before) !== hintsText(next)) {
      this.#forward({ type: "registry", registry: next });
    }
    return changed;
  }
}

const LISTS: readonly RegisteredList[] = ["tools", "resources", "prompts"];

function has(snapshot: RegistrySnapshot, target: RegisteredTarget): boolean {
  switch (target.kind) {
    case "tool":
      return snapshot.tools.some((tool) => tool.name === target.name);
    case "prompt":
      return snapshot.prompts.some((prompt) => prompt.name === target.name);
    case "resource":
      return snapshot.resources.some((resource) => resource.uri === target.uri);
  }
}

function listText(snapshot: RegistrySnapshot, list: RegisteredList): string {
  // A skill's SKILL.md is listed as a resource: its skills change the resources list.
  if (list === "resources") {
    return JSON.stringify([snapshot.resources, snapshot.resourceTemplates, skillsKey(snapshot.skills)]);
  }
  return JSON.stringify(snapshot[list]);
}

/** What tells two skill lists apart: paths, file paths, sizes and a hash of each file's bytes. */
function skillsKey(skills: RegistrySnapshot["skills"]): string[] {
  return (skills ?? []).flatMap((skill) =>
    Object.entries(skill.files).map(
      ([path, bytes]) => `${skill.path}/${path}:${bytes.byteLength}:${fnv1a(bytes)}`,
    ),
  );
}

function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

function hintsText(snapshot: RegistrySnapshot): string {
  return JSON.stringify(snapshot.cacheHints ?? { lists: {}, reads: {} });
}

/** The union of the snapshots (the first to list a name wins), or the baseline when none. */
function merge(
  snapshots: readonly RegistrySnapshot[],
  baseline: RegistrySnapshot | undefined,
): RegistrySnapshot | undefined {
  const [first] = snapshots;
  if (!first || snapshots.length === 1) return first ?? baseline;
  const union = <T>(pick: (s: RegistrySnapshot) => readonly T[], key: (item: T) => string): T[] => {
    const seen = new Map<string, T>();
    for (const snapshot of snapshots)
      for (const item of pick(snapshot)) if (!seen.has(key(item))) seen.set(key(item), item);
    return [...seen.values()];
  };
  const lists: NonNullable<RegistrySnapshot["cacheHints"]>["lists"] = {};
  const reads: NonNullable<RegistrySnapshot["cacheHints"]>["reads"] = {};
  for (const snapshot of [...snapshots].reverse()) {
    Object.assign(lists, snapshot.cacheHints?.lists);
    Object.assign(reads, snapshot.cacheHints?.reads);
  }
  return {
    identity: (baseline ?? first).identity,
    tools: union(
      (s) => s.tools,
      (tool) => tool.name,
    ),
    resources: union(
      (s) => s.resources,
      (resource) => resource.uri,
    ),
    resourceTemplates: union(
      (s) => s.resourceTemplates,
      (template) => template.uriTemplate,
    ),
    prompts: union(
      (s) => s.prompts,
      (prompt) => prompt.name,
    ),
    cacheHints: { lists, reads },
    skills: union(
      (s) => s.skills ?? [],
      (skill) => skill.path,
    ),
  };
}
