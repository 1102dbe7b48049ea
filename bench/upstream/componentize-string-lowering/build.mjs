// Componentizes guest.js against world.wit and transpiles it with jco into ./out.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { componentize } from "@bytecodealliance/componentize-js";
import { transpile } from "@bytecodealliance/jco";

const { component } = await componentize({
  sourcePath: "guest.js",
  witPath: "world.wit",
  worldName: "repro",
  disableFeatures: ["http", "fetch-event", "stdio", "random", "clocks"],
});
await writeFile("repro.wasm", component);
const { files } = await transpile(component, { name: "repro", instantiation: "async", quiet: true });
for (const [name, content] of Object.entries(files)) {
  await mkdir(dirname(join("out", name)), { recursive: true });
  await writeFile(join("out", name), content);
}
console.log(`repro.wasm: ${component.byteLength} bytes; transpiled into ./out`);
