// Skills a component ships (the MCP extension `io.modelcontextprotocol/skills`, SEP-2640), and
// their registration through `wasi:mcp/skills` (WIT 0.2.0, added additively).
import type { Skills } from "@wasi-mcp/bindings";

/** A skill: a directory with its `SKILL.md` and the files it refers to. */
export interface Skill {
  /** `/`-separated segments (`pdf-processing`, `acme/pdf-processing`); the last is the name. */
  path: string;
  /** Contents by path under the skill's directory; `SKILL.md` is one of them. */
  files: Readonly<Record<string, string | Uint8Array>>;
}

/** What {@link skill} takes: a `SKILL.md` of your own, or the parts to write one from. */
export type SkillOptions =
  | Skill
  | {
      /** The skill's name (lowercase letters, digits, single hyphens). */
      name: string;
      /** What the skill does and when to use it (frontmatter `description`, 1–1 024 characters). */
      description: string;
      /** The markdown after the frontmatter: the instructions. */
      body: string;
      /** Frontmatter `metadata` (strings only). */
      metadata?: Readonly<Record<string, string>>;
      /** Segments before the name (`acme` serves `skill://acme/<name>/SKILL.md`). */
      prefix?: string;
      /** Further files, by path under the skill's directory (`references/FORMS.md`). */
      files?: Readonly<Record<string, string | Uint8Array>>;
    };

/** The `wasi:mcp/skills` imports the kit calls (the real module inside a component). */
export type SkillsModule = Pick<typeof Skills, "registerSkills" | "unregisterSkills">;

/**
 * Declares a skill for `defineServer({ skills })`. Given `name`, `description` and `body`, the kit
 * writes the `SKILL.md` (frontmatter values quoted); given `path` and `files`, they are served as
 * they are. The host's catalog checks the `SKILL.md` (its `name` must be the last path segment).
 *
 * @example
 * ```ts
 * const forms = skill({
 *   name: "pdf-processing",
 *   description: "Extract, fill, and assemble PDF documents",
 *   body: "Read references/FORMS.md before filling a form.\n",
 *   files: { "references/FORMS.md": "# Forms\n" },
 * });
 * ```
 */
export function skill(options: SkillOptions): Skill {
  if ("path" in options) return { path: options.path, files: { ...options.files } };
  const { name, description, body, metadata, prefix } = options;
  const lines = [`name: ${JSON.stringify(name)}`, `description: ${JSON.stringify(description)}`];
  if (metadata && Object.keys(metadata).length > 0) {
    lines.push(
      "metadata:",
      ...Object.entries(metadata).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
    );
  }
  const manifest = `---\n${lines.join("\n")}\n---\n${body}`;
  return {
    path: prefix ? `${prefix.replace(/\/+$/, "")}/${name}` : name,
    files: { ...options.files, "SKILL.md": manifest },
  };
}

const encoder = new TextEncoder();

/** Skills in WIT form: text files as UTF-8. */
export function skillsToWit(skills: readonly Skill[]): Skills.Skill[] {
  return skills.map((s) => ({
    path: s.path,
    files: Object.entries(s.files).map(([path, content]) => ({
      path,
      content: typeof content === "string" ? encoder.encode(content) : content,
    })),
  }));
}
