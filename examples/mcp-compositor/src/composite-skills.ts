import type { SkillBundle } from "@wasi-mcp/router";
import type { CompositeMember } from "./composite-backend.js";

const NONE: readonly SkillBundle[] = [];

/**
 * The skills of a composite (SEP-2640), namespaced like its tools: a member's skill `p` is served
 * as `<namespace>/p` (`skill://<namespace>/p/SKILL.md`; the skill's name, its last segment, stays
 * its own), a pass-through member's as it is, and `extra` (the compositor's skills directory)
 * after them, as they are. The merged list is the same array until a source's list changes, so
 * the router rebuilds its catalog only then.
 *
 * @example
 * ```ts
 * const listSkills = compositeSkills(() => members, false, () => directorySkills);
 * listSkills(); // [{ path: "docs/pdf-processing", files: { … } }, …]
 * ```
 */
export function compositeSkills(
  members: () => readonly CompositeMember[],
  passThrough: boolean,
  extra: () => readonly SkillBundle[] = () => NONE,
): () => readonly SkillBundle[] {
  let last:
    | { sources: (readonly SkillBundle[])[]; namespaces: string[]; merged: readonly SkillBundle[] }
    | undefined;
  return () => {
    const current = members();
    const sources = [...current.map((m) => m.backend.listSkills?.() ?? NONE), extra()];
    const namespaces = current.map((m) => m.namespace);
    if (
      last &&
      last.sources.length === sources.length &&
      last.sources.every((source, index) => source === sources[index]) &&
      last.namespaces.join("\n") === namespaces.join("\n")
    ) {
      return last.merged;
    }
    const merged = [
      ...current.flatMap((member, index) =>
        (sources[index] ?? NONE).map((skill) =>
          passThrough ? skill : { ...skill, path: `${member.namespace}/${skill.path}` },
        ),
      ),
      ...(sources[sources.length - 1] ?? NONE),
    ];
    last = { sources, namespaces, merged };
    return merged;
  };
}
