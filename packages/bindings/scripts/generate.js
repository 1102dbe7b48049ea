#!/usr/bin/env node
// Validates the wasi:mcp WIT package (every world must resolve) and regenerates the TypeScript
// types in src/generated/ with jco. Generated files are committed; CI fails when they drift.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const witDir = join(packageDir, "..", "..", "wit");
const generatedDir = join(packageDir, "src", "generated");
const worlds = ["mcp-backend", "mcp-client", "mcp-proxy"];
// mcp-proxy imports and exports every interface, so its types cover the other worlds.
const typesWorld = "mcp-proxy";

function jco(args) {
  try {
    execFileSync("jco", args, { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
    console.error(`[@wasi-mcp/bindings] jco ${args[0]} failed for ${witDir}:\n${output}`);
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "wasi-mcp-wit-"));
try {
  for (const world of worlds) {
    jco(["types", witDir, "--world-name", world, "-q", "-o", join(scratch, "host", world)]);
  }
  jco(["guest-types", witDir, "--world-name", typesWorld, "-q", "-o", join(scratch, "guest")]);
  rmSync(generatedDir, { recursive: true, force: true });
  cpSync(join(scratch, "host", typesWorld), join(generatedDir, "host"), { recursive: true });
  cpSync(join(scratch, "guest"), join(generatedDir, "guest"), { recursive: true });
  // Ship the WIT source with the package so guest builds and hosts can find it.
  rmSync(join(packageDir, "wit"), { recursive: true, force: true });
  cpSync(witDir, join(packageDir, "wit"), { recursive: true });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const count = readdirSync(join(generatedDir, "host", "interfaces")).length;
console.error(`[@wasi-mcp/bindings] WIT valid for ${worlds.join(", ")}; generated ${count} interface types`);
