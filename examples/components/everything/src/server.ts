// The everything component: the MCP conformance suite's server fixtures (exact names and payloads)
// plus progress, logging, sampling, elicitation, completion and subscriptions.
import { defineServer } from "@wasi-mcp/guest";
import { contentTools } from "./content-tools.js";
import { customHeaderTools } from "./custom-header-tools.js";
import { inputRequiredPrompts, inputRequiredTools } from "./input-required-tools.js";
import { interactiveTools } from "./interactive-tools.js";
import { prompts } from "./prompts.js";
import { resources, resourceTemplates, subscribe, unsubscribe, updateWatched } from "./resources.js";
import { skills } from "./skills.js";
import { statelessDiagnosticTools } from "./stateless-diagnostics.js";
import { taskTools } from "./task-tools.js";

export const { run, handlers } = defineServer({
  name: "everything",
  version: "0.1.0",
  title: "Everything (wasi:mcp conformance fixtures)",
  instructions: "Implements the MCP conformance suite's server scenarios as a WebAssembly component.",
  tools: [
    ...contentTools,
    ...interactiveTools,
    ...inputRequiredTools,
    updateWatched,
    ...statelessDiagnosticTools,
    ...customHeaderTools,
    ...taskTools,
  ],
  resources,
  resourceTemplates,
  prompts: [...prompts, ...inputRequiredPrompts],
  subscribe,
  unsubscribe,
  skills,
});
