import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Where a program is on `PATH` (or at one of `also`), or undefined. Tests that need a system
 * program (redis-server, haproxy) ask this first: absent outside CI they say so loudly and skip;
 * in CI (`CI` set) absence is a failure (see {@link requireBinary}).
 */
export function findBinary(name: string, also: readonly string[] = []): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const path of [...dirs.map((dir) => join(dir, name)), ...also]) if (existsSync(path)) return path;
  return undefined;
}

/**
 * For `describe.skipIf(!binary)`: the program's path, or undefined after printing why the tests
 * that need it cannot run. Throws in CI, where every test must run.
 */
export function requireBinary(name: string, also: readonly string[] = []): string | undefined {
  const path = findBinary(name, also);
  if (path) return path;
  const message = `[@wasi-mcp/test-kit] ${name} is not installed: the tests that need it CANNOT RUN (apt-get install ${name})`;
  if (process.env.CI) throw new Error(message);
  process.stderr.write(`\n!!! ${message}\n\n`);
  return undefined;
}
