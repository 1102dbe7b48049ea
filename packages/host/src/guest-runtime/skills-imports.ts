import type { SkillsImports } from "@wasi-mcp/bindings";
import type { GuestEvent } from "./guest-events.js";
import type { ComponentRegistry } from "./registry.js";

/**
 * The `wasi:mcp/skills` implementation for one component instance (WIT 0.2.0, added additively):
 * skills go into the instance's registry, and a change after `serve` is a `resources` list change
 * (a skill's `SKILL.md` is listed as a resource), owned like any registration (ADR 0009).
 */
export function createSkillsImports(
  registry: ComponentRegistry,
  emit: (event: GuestEvent) => void,
): SkillsImports {
  const changed = () => {
    if (registry.served) emit({ type: "list-changed", list: "resources", registry: registry.snapshot() });
  };
  return {
    registerSkills(skills) {
      registry.skills.register(skills);
      changed();
    },
    unregisterSkills(paths) {
      registry.skills.unregister(paths);
      changed();
    },
  };
}
