import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { type BuildFailure, build, type Message } from "esbuild";

/** One ES module holding the author's code and everything it imports except `wasi:*`. */
export interface BundledModule {
  /** Path of the bundle (in a temporary directory). */
  file: string;
  /** Its size in bytes. */
  bytes: number;
  /** Names the module exports. */
  exports: string[];
  /** The `wasi:*` (and any other external) module specifiers it imports. */
  imports: string[];
  /** Removes the temporary directory. */
  dispose(): Promise<void>;
}

/**
 * Bundles a TypeScript or JavaScript entry with esbuild into one ES module for ComponentizeJS:
 * types stripped, npm imports inlined, `wasi:*` imports left for the componentizer to bind.
 * Errors name the file, line and column.
 *
 * @example
 * ```ts
 * const bundle = await bundleModule("src/server.ts");
 * try { console.log(bundle.exports); } finally { await bundle.dispose(); }
 * ```
 */
export async function bundleModule(source: string, label = source): Promise<BundledModule> {
  const directory = await mkdtemp(join(tmpdir(), "wasi-mcp-bundle-"));
  try {
    const result = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      external: ["wasi:*"],
      metafile: true,
      logLevel: "silent",
      legalComments: "none",
      outfile: join(directory, `${basename(source, extname(source))}.bundle.js`),
    });
    const [output] = result.outputFiles;
    if (!output) throw new Error(`${label}: the bundler produced no output`);
    await writeFile(output.path, output.contents);
    const meta = Object.values(result.metafile.outputs)[0];
    return {
      file: output.path,
      bytes: output.contents.byteLength,
      exports: meta?.exports ?? [],
      imports: [...new Set((meta?.imports ?? []).map((i) => i.path))],
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw new Error(`${label}: bundling failed:\n${describeFailure(error)}`);
  }
}

function describeFailure(error: unknown): string {
  const errors = (error as Partial<BuildFailure>).errors;
  if (!Array.isArray(errors) || errors.length === 0) return (error as Error).message;
  return errors.slice(0, 10).map(formatMessage).join("\n");
}

function formatMessage(message: Message): string {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
    : "";
  const hint = /Could not resolve "([^"]+)"/.exec(message.text);
  const install =
    hint && !hint[1]?.startsWith(".")
      ? ` (is it installed? npm install ${packageName(hint[1] as string)})`
      : "";
  return `  ${where}${message.text}${install}`;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}
