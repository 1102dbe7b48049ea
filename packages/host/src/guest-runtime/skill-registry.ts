// The skills one instance registered through `wasi:mcp/skills` (SEP-2640), bounded by its policy.
// The host keeps them as plain bundles; the router's catalog (the SDK's) validates each SKILL.md.
import type { Skills } from "@wasi-mcp/bindings";
import { GuestError } from "./guest-error.js";

/** A registered skill in the router's form (`SkillBundle`): its path and files by path. */
export interface RegisteredSkill {
  path: string;
  files: Record<string, Uint8Array>;
}

/** How much one instance may register (`policy.skills`). */
export interface SkillLimits {
  /** Skills registered at once. */
  maxSkills: number;
  /** Files in one skill, `SKILL.md` included (the extension's own limit is 512). */
  maxFilesPerSkill: number;
  /** Bytes of every registered skill's files together. */
  maxBytes: number;
}

/** The defaults of {@link SkillLimits}: 64 skills, 512 files each, 16 MiB in all. */
export const DEFAULT_SKILL_LIMITS: SkillLimits = {
  maxSkills: 64,
  maxFilesPerSkill: 512,
  maxBytes: 16 * 1024 * 1024,
};

/**
 * The skill limits of a platform's policy (the Node host's `ResolvedPolicy.skills`); the
 * defaults where it has none.
 */
export function skillLimitsOf(policy: unknown): SkillLimits {
  const skills =
    typeof policy === "object" && policy !== null ? (policy as { skills?: unknown }).skills : undefined;
  return typeof skills === "object" && skills !== null
    ? { ...DEFAULT_SKILL_LIMITS, ...skills }
    : DEFAULT_SKILL_LIMITS;
}

/** A skill path segment: the Agent Skills name rule (lowercase, digits, single inner hyphens). */
const SEGMENT = /^(?!.*--)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** A file path segment: printable (`\p{Cc}` are the control characters), no `/`, not `.` or `..`. */
const FILE_SEGMENT = /^(?!\.{1,2}$)[^/\p{Cc}]{1,255}$/u;

/** The skills of one instance, in registration order. */
export class SkillRegistry {
  readonly #skills = new Map<string, RegisteredSkill>();
  readonly #limits: SkillLimits;
  #bytes = 0;

  constructor(limits: SkillLimits = DEFAULT_SKILL_LIMITS) {
    this.#limits = limits;
  }

  /** Adds a batch atomically: any bad skill, repeated path or bound passed adds nothing. */
  register(batch: Skills.Skill[]): void {
    const staged = new Map<string, RegisteredSkill>();
    let bytes = this.#bytes;
    batch.forEach((skill, index) => {
      const field = `skills[${index}]`;
      const bundle = this.#checked(skill, field);
      if (this.#skills.has(bundle.path) || staged.has(bundle.path)) {
        throw new GuestError("invalid-params", `${field}: duplicate skill path "${bundle.path}"`);
      }
      for (const content of Object.values(bundle.files)) bytes += content.byteLength;
      staged.set(bundle.path, bundle);
    });
    if (this.#skills.size + staged.size > this.#limits.maxSkills) {
      throw new GuestError(
        "invalid-params",
        `more than ${this.#limits.maxSkills} skills (policy.skills.maxSkills)`,
      );
    }
    if (bytes > this.#limits.maxBytes) {
      throw new GuestError(
        "invalid-params",
        `skills of ${bytes} bytes in all exceed ${this.#limits.maxBytes} (policy.skills.maxBytes)`,
      );
    }
    for (const [path, bundle] of staged) this.#skills.set(path, bundle);
    this.#bytes = bytes;
  }

  /** Removes skills by path, atomically (an unknown or repeated path removes nothing). */
  unregister(paths: string[]): void {
    const seen = new Set<string>();
    paths.forEach((path, index) => {
      if (!this.#skills.has(path) || seen.has(path)) {
        const why = seen.has(path) ? "is given twice" : "is not registered";
        throw new GuestError("invalid-params", `paths[${index}]: skill path "${path}" ${why}`);
      }
      seen.add(path);
    });
    for (const path of paths) {
      for (const content of Object.values(this.#skills.get(path)?.files ?? {}))
        this.#bytes -= content.byteLength;
      this.#skills.delete(path);
    }
  }

  /** The registered skills, for the instance's snapshot. */
  list(): RegisteredSkill[] {
    return [...this.#skills.values()];
  }

  #checked(skill: Skills.Skill, field: string): RegisteredSkill {
    const segments = skill.path.split("/");
    if (!segments.every((segment) => SEGMENT.test(segment))) {
      throw new GuestError(
        "invalid-params",
        `${field}: path "${skill.path}" must be /-separated lowercase names (letters, digits, single hyphens)`,
      );
    }
    if (skill.files.length > this.#limits.maxFilesPerSkill) {
      throw new GuestError(
        "invalid-params",
        `${field}: ${skill.files.length} files exceed ${this.#limits.maxFilesPerSkill} (policy.skills.maxFilesPerSkill)`,
      );
    }
    // No prototype: a file named `__proto__` is a file like any other.
    const files: Record<string, Uint8Array> = Object.create(null);
    skill.files.forEach((file, index) => {
      if (!file.path.split("/").every((segment) => FILE_SEGMENT.test(segment))) {
        throw new GuestError(
          "invalid-params",
          `${field}.files[${index}]: path "${file.path}" leaves the skill's directory or is empty`,
        );
      }
      if (Object.hasOwn(files, file.path)) {
        throw new GuestError("invalid-params", `${field}.files[${index}]: duplicate file "${file.path}"`);
      }
      files[file.path] = Uint8Array.from(file.content);
    });
    if (!Object.hasOwn(files, "SKILL.md")) {
      throw new GuestError("invalid-params", `${field}: skill "${skill.path}" has no SKILL.md`);
    }
    return { path: skill.path, files };
  }
}
