#!/usr/bin/env node
// Measures this process's RSS after loading a component with `pool` instances and calling every
// instance, or after serving one session natively: `node memory-child.js ours <wasm> <pool>` or
// `node memory-child.js native`. Prints `{ "rssMB": n }` on stdout.
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { nativeServer } from "./native.js";
import { loadOurs } from "./ours.js";
import { inMemorySession } from "./wires.js";

const [variant, wasm, pool] = process.argv.slice(2);
// --expose-gc on the command line would be passed to the host's workers, which refuse it.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

let close = async () => {};
if (variant === "ours") {
  const ours = await loadOurs(wasm, { policy: { poolSize: Number(pool) } });
  const sessions = await Promise.all(
    Array.from({ length: Number(pool) }, () => inMemorySession(ours.createServer())),
  );
  for (let i = 0; i < 5; i++) await Promise.all(sessions.map((session) => session.echo("hello")));
  close = () => ours.component.close();
} else {
  const session = await inMemorySession(nativeServer());
  for (let i = 0; i < 5; i++) await session.echo("hello");
}
await sleep(300);
gc();
await sleep(200);
process.stdout.write(`${JSON.stringify({ rssMB: process.memoryUsage().rss / 1e6 })}\n`);
await close();
process.exit(0);
