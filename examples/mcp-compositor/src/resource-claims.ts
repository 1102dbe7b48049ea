import type { Resource, ResourceTemplate } from "@modelcontextprotocol/sdk/types.js";
import type { McpBackend } from "@wasi-mcp/router";

/** A member as far as resource ownership goes. */
interface Claimant {
  namespace: string;
  backend: Pick<McpBackend, "listResources" | "listResourceTemplates">;
}

/**
 * Who owns each resource URI and template of a composition at run time. Start-up and reloads
 * refuse a clash outright (`checkResourceClashes`); a clash that appears later, through a
 * member's list change (an upstream that starts listing a URI another member serves), refuses
 * the newcomer: the first owner keeps the URI, the newcomer's entry is hidden and reported once
 * through `onClash` with both sides named, and everything else keeps being served.
 */
export class ResourceClaims {
  readonly #owners = new Map<string, string>();
  readonly #reported = new Set<string>();

  constructor(private readonly onClash?: (message: string) => void) {}

  /** Claims every key of `members` in order (the composition as validated). */
  reset(members: readonly Claimant[]): void {
    this.#owners.clear();
    this.#reported.clear();
    for (const member of members) this.update(member, members);
  }

  /** After `member`'s lists changed: claims its new keys, refuses the clashing ones, frees the dropped ones. */
  update(member: Claimant, members: readonly Claimant[]): void {
    const keys = new Set(keysOf(member));
    for (const [key, owner] of this.#owners) {
      if (owner === member.namespace && !keys.has(key)) this.#owners.delete(key);
    }
    for (const key of keys) {
      const owner = this.#owners.get(key);
      const holder = owner === undefined ? undefined : members.find((m) => m.namespace === owner);
      if (!holder || owner === member.namespace || !keysOf(holder).includes(key)) {
        this.#owners.set(key, member.namespace);
        continue;
      }
      const report = `${key}\u0000${member.namespace}`;
      if (this.#reported.has(report)) continue;
      this.#reported.add(report);
      this.onClash?.(
        `${key} is registered by both "${owner}" and "${member.namespace}"; "${member.namespace}"'s is refused, "${owner}" keeps serving it`,
      );
    }
  }

  /** Drops a member's claims (removed or replaced). */
  release(namespace: string): void {
    for (const [key, owner] of this.#owners) if (owner === namespace) this.#owners.delete(key);
  }

  /** The resources `member` serves in the composition. */
  resources(member: Claimant): Resource[] {
    return member.backend.listResources().filter((r) => this.#owns(member, `resource ${r.uri}`));
  }

  /** The resource templates `member` serves in the composition. */
  templates(member: Claimant): ResourceTemplate[] {
    return member.backend
      .listResourceTemplates()
      .filter((t) => this.#owns(member, `resource template ${t.uriTemplate}`));
  }

  #owns(member: Claimant, key: string): boolean {
    const owner = this.#owners.get(key);
    // A key not claimed yet (a list read before its change event) is served by whoever lists it.
    return owner === undefined || owner === member.namespace;
  }
}

function keysOf(member: Claimant): string[] {
  return [
    ...member.backend.listResources().map((r) => `resource ${r.uri}`),
    ...member.backend.listResourceTemplates().map((t) => `resource template ${t.uriTemplate}`),
  ];
}
