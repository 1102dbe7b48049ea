import { loadComponent } from "@wasi-mcp/host";
import { pinsForUrls } from "./config.js";
import { inspectUpstream } from "./upstreams/inspect-upstream.js";

/** Options of the `inspect` command. */
export interface InspectCommandOptions {
  json?: boolean;
  /** `--sha256`: the pin of a component given as a URL. */
  sha256?: string[];
  cacheDir?: string;
  /** `--config`: the configuration file that names `upstream`. */
  config?: string;
  /** `--upstream`: inspect this upstream of `config` instead of a component. */
  upstream?: string;
}

/**
 * `mcp-compositor inspect <component>`: loads a component and prints what it registers — server
 * info, tools with their schemas, resources, templates, prompts — to stdout (JSON with `--json`).
 */
export async function inspectCommand(
  source: string | undefined,
  options: InspectCommandOptions = {},
): Promise<void> {
  if (options.upstream !== undefined || source === undefined) {
    if (!options.upstream || !options.config || source !== undefined) {
      throw new Error("inspect takes a component, or --config <file> --upstream <namespace>");
    }
    const report = await inspectUpstream(options.config, options.upstream);
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return;
  }
  const pin = pinsForUrls([source], options.sha256).get(source);
  const rssBefore = process.memoryUsage.rss();
  const component = await loadComponent(source, {
    ...(pin === undefined ? {} : { sha256: pin }),
    ...(options.cacheDir ? { cacheDirectory: options.cacheDir } : {}),
    onLog: () => {},
  });
  try {
    const backend = component.backend;
    const report = {
      ...backend.identity(),
      sha256: component.sha256,
      tools: backend.listTools(),
      resources: backend.listResources(),
      resourceTemplates: backend.listResourceTemplates(),
      prompts: backend.listPrompts(),
      memory: await idleMemory(rssBefore, component.memoryBytes()),
    };
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  } finally {
    await component.close();
  }
}

/** How long the process is left alone before its idle RSS is read. */
const SETTLE_MS = 500;

/**
 * The process's resident memory once the component is loaded and idle, what loading it added, and
 * its instances' linear memory (inside that RSS). The figures are the process's: a server that
 * serves several components holds the first figure once and the second for each.
 */
async function idleMemory(rssBefore: number, linearMemoryBytes: number[]) {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rssBytes = process.memoryUsage.rss();
  return {
    rssBytes,
    loadedRssBytes: rssBytes - rssBefore,
    instances: linearMemoryBytes.length,
    linearMemoryBytes,
  };
}

/** What `inspect` prints; an upstream has no sha256 or memory figures. */
export type Report = {
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  capabilities: object;
  sha256?: string;
  tools: readonly { name: string; description?: string; inputSchema: object; outputSchema?: object }[];
  resources: readonly { uri: string; name: string; mimeType?: string }[];
  resourceTemplates: readonly { uriTemplate: string; name: string }[];
  prompts: readonly {
    name: string;
    description?: string;
    arguments?: { name: string; required?: boolean }[];
  }[];
  memory?: { rssBytes: number; loadedRssBytes: number; instances: number; linearMemoryBytes: number[] };
};

export function formatReport(report: Report): string {
  const lines = [
    `${report.serverInfo.name} ${report.serverInfo.version}${report.serverInfo.title ? ` — ${report.serverInfo.title}` : ""}`,
    ...(report.sha256 ? [`sha256 ${report.sha256}`] : []),
    `capabilities ${JSON.stringify(report.capabilities)}`,
  ];
  if (report.instructions) lines.push(`instructions: ${report.instructions}`);
  const { memory } = report;
  if (memory) {
    const linear = memory.linearMemoryBytes.map(mebibytes).join(" + ");
    lines.push(
      `memory idle: ${mebibytes(memory.rssBytes)} RSS, ${mebibytes(memory.loadedRssBytes)} of it for this component ` +
        `(${memory.instances} instance${memory.instances === 1 ? "" : "s"}, linear memory ${linear})`,
    );
  }
  lines.push("", `tools (${report.tools.length})`);
  for (const tool of report.tools) {
    lines.push(`  ${tool.name}${tool.description ? ` — ${tool.description}` : ""}`);
    lines.push(`    input  ${JSON.stringify(tool.inputSchema)}`);
    if (tool.outputSchema) lines.push(`    output ${JSON.stringify(tool.outputSchema)}`);
  }
  lines.push("", `resources (${report.resources.length})`);
  for (const r of report.resources)
    lines.push(`  ${r.uri}  ${r.name}${r.mimeType ? ` (${r.mimeType})` : ""}`);
  lines.push("", `resource templates (${report.resourceTemplates.length})`);
  for (const t of report.resourceTemplates) lines.push(`  ${t.uriTemplate}  ${t.name}`);
  lines.push("", `prompts (${report.prompts.length})`);
  for (const p of report.prompts) {
    const args = (p.arguments ?? []).map((a) => `${a.name}${a.required ? "" : "?"}`).join(", ");
    lines.push(`  ${p.name}(${args})${p.description ? ` — ${p.description}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
