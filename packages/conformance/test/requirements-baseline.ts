/**
 * Scenarios of `--requirements 2026-07-28` (conformance 0.2.0-alpha.12) that pass over Streamable
 * HTTP and over stdio (through the bridge), measured on this branch. Add each scenario that starts passing; never remove one.
 */
export const PASSING_2026_SCENARIOS: readonly string[] = [
  "caching",
  "completion-complete",
  "dns-rebinding-protection",
  "http-header-validation",
  "input-required-result-unsupported-methods",
  "input-required-result-validate-input",
  "prompts-get-embedded-resource",
  "prompts-get-simple",
  "prompts-get-with-args",
  "prompts-get-with-image",
  "prompts-list",
  "resources-list",
  "resources-read-binary",
  "resources-read-text",
  "resources-templates-read",
  "sep-2164-resource-not-found",
  "server-sse-multiple-streams",
  "tools-call-audio",
  "tools-call-embedded-resource",
  "tools-call-error",
  "tools-call-image",
  "tools-call-mixed-content",
  "tools-call-simple-text",
  "tools-call-with-progress",
  "tools-list",
];
