import { type FSWatcher, watch } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SkillBundle } from "@wasi-mcp/router";

/** The `skills` key of a configuration: a folder of skill folders, each with a `SKILL.md`. */
export interface SkillsDirectoryConfig {
  /** The folder (relative to the configuration file). */
  directory: string;
  /** Segments before each skill's path (`docs` serves `skill://docs/<skill>/SKILL.md`). */
  prefix?: string;
  /** Most bytes read from the folder in all. Default 64 MiB. */
  maxBytes?: number;
  /** Most files read from the folder in all. Default 4 096. */
  maxFiles?: number;
}

/**
 * The skills of a folder (SEP-2640), read into memory: every folder under it holding a
 * `SKILL.md` is a skill, served with every regular file beneath it. Hidden entries and symlinks
 * are skipped (a skill cannot reach outside its folder); the reading is bounded in files and
 * bytes, and a folder past a bound is refused whole. The router's catalog (the SDK's) checks each
 * `SKILL.md`. With `watch`, a change re-reads the folder and calls `onChange`.
 *
 * @example
 * ```ts
 * const skills = await SkillsDirectory.open({ directory: "./skills" });
 * skills.bundles; // [{ path: "pdf-processing", files: { "SKILL.md": …, "references/FORMS.md": … } }]
 * ```
 */
export class SkillsDirectory {
  #bundles: readonly SkillBundle[] = [];
  #watcher: FSWatcher | undefined;
  readonly #config: SkillsDirectoryConfig;

  private constructor(config: SkillsDirectoryConfig) {
    this.#config = config;
  }

  /** Reads the folder; with `watch`, keeps it read as it changes. */
  static async open(
    config: SkillsDirectoryConfig,
    options: { watch?: boolean; onChange?: () => void; onError?: (error: Error) => void } = {},
  ): Promise<SkillsDirectory> {
    const directory = new SkillsDirectory(config);
    await directory.reload();
    if (options.watch) {
      let timer: NodeJS.Timeout | undefined;
      directory.#watcher = watch(config.directory, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          directory.reload().then(
            () => options.onChange?.(),
            (error: Error) => options.onError?.(error),
          );
        }, 250);
      });
    }
    return directory;
  }

  /** The skills as the router takes them; a new array after each reload. */
  get bundles(): readonly SkillBundle[] {
    return this.#bundles;
  }

  /** Reads the folder again; on failure the skills read before stay. */
  async reload(): Promise<void> {
    const files = await readTree(this.#config);
    const skillDirs = [...files.keys()]
      .filter((path) => path === "SKILL.md" || path.endsWith("/SKILL.md"))
      .map((path) => path.slice(0, -"SKILL.md".length).replace(/\/$/, ""))
      .filter((dir) => dir !== "");
    const prefix = this.#config.prefix?.replace(/^\/+|\/+$/g, "");
    this.#bundles = skillDirs.map((dir) => {
      const own: Record<string, Uint8Array> = Object.create(null);
      for (const [path, content] of files)
        if (path.startsWith(`${dir}/`)) own[path.slice(dir.length + 1)] = content;
      return { path: prefix ? `${prefix}/${dir}` : dir, files: own };
    });
  }

  /** Stops watching. */
  close(): void {
    this.#watcher?.close();
  }
}

/** Every regular, non-hidden file under the folder by `/`-separated path, within the bounds. */
async function readTree(config: SkillsDirectoryConfig): Promise<Map<string, Uint8Array>> {
  const maxBytes = config.maxBytes ?? 64 * 1024 * 1024;
  const maxFiles = config.maxFiles ?? 4096;
  const files = new Map<string, Uint8Array>();
  let bytes = 0;
  const visit = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      const stat = await lstat(full);
      if (stat.isDirectory()) await visit(full);
      if (!stat.isFile()) continue;
      bytes += stat.size;
      if (files.size + 1 > maxFiles || bytes > maxBytes) {
        throw new Error(
          `skills directory ${config.directory}: more than ${maxFiles} files or ${maxBytes} bytes (raise skills.maxFiles / skills.maxBytes)`,
        );
      }
      files.set(relative(config.directory, full).split(sep).join("/"), new Uint8Array(await readFile(full)));
    }
  };
  await visit(config.directory);
  return files;
}
