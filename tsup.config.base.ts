import type { Options } from "tsup";

/** The tsup options every package shares: ESM, d.ts, Node 22+, sourcemaps, no bundling of deps. */
export function packageBuild(entry: Record<string, string> | string[], overrides: Options = {}): Options {
  return {
    entry,
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node22",
    platform: "node",
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
