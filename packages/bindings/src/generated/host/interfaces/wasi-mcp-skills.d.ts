/** @module Interface wasi:mcp/skills@0.2.0 **/
/**
 * Adds skills. Paths must be unique; sizes and counts are bounded by the host's policy
 * (`maxSkills`, `maxSkillFiles`, `maxSkillBytes`), and a batch past a bound, with a repeated
 * path, a file path that leaves its directory or no `SKILL.md` fails with `invalid-params`,
 * adding nothing. A `SKILL.md` whose frontmatter the host's catalog refuses (a missing
 * `description`, a `name` that is not the last path segment) is left out of the listing, and
 * the host logs why.
 */
export function registerSkills(skills: Array<Skill>): void;
/**
 * Removes skills by path. Every path must be registered (else `invalid-params`, nothing removed).
 */
export function unregisterSkills(paths: Array<string>): void;
export type Error = import('./wasi-mcp-types.js').Error;
/**
 * One file of a skill.
 */
export interface SkillFile {
  /**
   * Path under the skill's directory, `/`-separated, no `.` or `..` segments: `SKILL.md`,
   * `references/FORMS.md`.
   */
  path: string,
  /**
   * The file's bytes (text files as UTF-8).
   */
  content: Uint8Array,
}
/**
 * A skill and its files.
 */
export interface Skill {
  /**
   * One or more `/`-separated segments (`pdf-processing`, `acme/pdf-processing`): lowercase
   * letters, digits and single hyphens. The last one is the skill's name and must equal the
   * `name` in the frontmatter of its `SKILL.md`.
   */
  path: string,
  /**
   * The skill's files; one of them is `SKILL.md`.
   */
  files: Array<SkillFile>,
}
