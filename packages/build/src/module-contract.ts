import { WIT_VERSIONS, type WorldName } from "@wasi-mcp/bindings";

/** `wasi:mcp/<name>` at every version this release ships. */
const atEveryVersion = (...names: string[]) =>
  names.flatMap((name) => WIT_VERSIONS.map((version) => `wasi:mcp/${name}@${version}`));

/** `wasi:mcp/skills`, added to 0.2.0 (SEP-2640 skills): no earlier version has it. */
const SKILLS = "wasi:mcp/skills@0.2.0";

/** What a module must export, and may import (any shipped wasi:mcp version), per world. */
export const MODULE_CONTRACT: Readonly<
  Record<WorldName, { exports: readonly string[]; imports: readonly string[] }>
> = {
  "mcp-backend": { exports: ["run", "handlers"], imports: [...atEveryVersion("runtime"), SKILLS] },
  "mcp-proxy": { exports: ["run", "handlers"], imports: [...atEveryVersion("runtime", "client"), SKILLS] },
  "mcp-client": { exports: ["run"], imports: atEveryVersion("client") },
};

/**
 * Checks a bundled module's exports and imports against the world before the (slow) componentize
 * step, with a message that says what to write. Throws an Error naming `label`.
 *
 * @example
 * ```ts
 * checkModuleContract({ exports: ["run"], imports: [] }, "mcp-backend", "server.ts"); // throws: missing handlers
 * ```
 */
export function checkModuleContract(
  module: { exports: readonly string[]; imports: readonly string[] },
  world: WorldName,
  label: string,
): void {
  const contract = MODULE_CONTRACT[world];
  const missing = contract.exports.filter((name) => !module.exports.includes(name));
  if (missing.length > 0) {
    const example =
      world === "mcp-client"
        ? "export const run = { run() { … } }"
        : 'export const { run, handlers } = defineServer({ … }) (from "@wasi-mcp/guest")';
    throw new Error(
      `${label}: does not export ${missing.map((m) => `\`${m}\``).join(" and ")}, required by world ${world}; write e.g. ${example}`,
    );
  }
  // Other `wasi:*` interfaces (e.g. wasi:filesystem, with a custom --wit world) are for the
  // componentizer to resolve; a wasi:mcp interface outside the world is a mistake worth naming.
  const foreign = module.imports.filter(
    (specifier) =>
      !contract.imports.includes(specifier) &&
      (specifier.startsWith("wasi:mcp/") || !specifier.startsWith("wasi:")),
  );
  if (foreign.length > 0) {
    throw new Error(
      `${label}: imports ${foreign.join(", ")}, which world ${world} does not provide (it provides ${contract.imports.join(", ")})`,
    );
  }
}
