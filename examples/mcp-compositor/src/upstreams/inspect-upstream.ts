import { readConfig } from "../config.js";
import type { Report } from "../inspect-command.js";
import { startUpstream } from "./upstream-backend.js";

/**
 * `inspect --config <file> --upstream <namespace>`: connects to one upstream of a configuration
 * once (no retry) and reports what it serves, after its allow and deny patterns.
 */
export async function inspectUpstream(file: string, namespace: string): Promise<Report> {
  const config = await readConfig(file);
  const upstream = config.upstreams[namespace];
  if (!upstream) {
    const known = Object.keys(config.upstreams);
    throw new Error(
      `${file}: no upstream "${namespace}"${known.length ? ` (upstreams: ${known.join(", ")})` : ""}`,
    );
  }
  const backend = await startUpstream(namespace, upstream);
  try {
    const health = backend.health();
    if (health.state !== "ready")
      throw new Error(`upstream "${namespace}": ${health.reason ?? health.state}`);
    return {
      ...backend.identity(),
      tools: backend.listTools(),
      resources: backend.listResources(),
      resourceTemplates: backend.listResourceTemplates(),
      prompts: backend.listPrompts(),
    };
  } finally {
    await backend.close();
  }
}
