// Each bundled example's README shows a short session in a ```transcript block:
//   → <tool> <JSON arguments>
//   ← [isError: ]<the result's text>
// This replays every block against the built component, served alone by `mcp-compositor serve`
// over stdio (with the grant examples.json gives it), so a README cannot drift from what the
// component answers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const components = join(root, "..", "components");

/** One step of a transcript: the call and the answer the README shows. */
interface Step {
  tool: string;
  args: Record<string, unknown>;
  answer: string;
}

/** The steps of every ```transcript block of a README. */
function transcriptOf(readme: string): Step[] {
  const steps: Step[] = [];
  for (const block of readme.matchAll(/```transcript\n([\s\S]*?)```/g)) {
    const lines = (block[1] as string).trimEnd().split("\n");
    for (let i = 0; i < lines.length; i += 2) {
      const call = /^→ (\S+) (.*)$/.exec(lines[i] ?? "");
      const answer = /^← (.*)$/.exec(lines[i + 1] ?? "");
      if (!call || !answer) throw new Error(`transcript line ${i + 1}: want "→ tool {json}" then "← answer"`);
      steps.push({
        tool: call[1] as string,
        args: JSON.parse(call[2] as string),
        answer: answer[1] as string,
      });
    }
  }
  return steps;
}

/** A result as the transcript shows it: its text items joined, `isError: ` before an error result. */
function shown(result: CallToolResult): string {
  const text = result.content.map((item) => (item.type === "text" ? item.text : `[${item.type}]`)).join("\n");
  return result.isError ? `isError: ${text}` : text;
}

/** The examples.json entry of a component (its grants), served alone. */
function configFor(wasm: string): object {
  const examples = JSON.parse(readFileSync(join(root, "examples.json"), "utf8")) as {
    components: { path: string; policy?: { preopens?: { hostPath: string }[] } }[];
  };
  const entry = examples.components.find((component) => component.path.endsWith(`/${wasm}`));
  if (!entry) throw new Error(`examples.json has no entry for ${wasm}`);
  const policy = entry.policy && {
    ...entry.policy,
    preopens: entry.policy.preopens?.map((grant) => ({ ...grant, hostPath: join(root, grant.hostPath) })),
  };
  return { components: [{ path: join(root, entry.path), ...(policy ? { policy } : {}) }] };
}

const EXAMPLES = [
  ["hello", "hello.wasm"],
  ["everything", "everything.wasm"],
  ["notes", "notes.wasm"],
  ["fs-reader", "fs-reader.wasm"],
] as const;

describe.each(EXAMPLES)("the %s README's transcript", (name, wasm) => {
  const dir = mkdtempSync(join(tmpdir(), `wasi-mcp-transcript-${name}-`));
  let client: Client | undefined;
  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is what the component answers", async () => {
    const steps = transcriptOf(readFileSync(join(components, name, "README.md"), "utf8"));
    expect(steps.length).toBeGreaterThan(0);
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify(configFor(wasm)));
    client = new Client({ name: "transcript", version: "0.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cli, "serve", "--config", config, "--cache-dir", join(dir, "cache")],
        stderr: "ignore",
      }),
    );
    const answers: Step[] = [];
    for (const step of steps) {
      const result = (await client.callTool({ name: step.tool, arguments: step.args })) as CallToolResult;
      answers.push({ ...step, answer: shown(result) });
    }
    expect(answers).toEqual(steps);
  }, 180_000);
});
