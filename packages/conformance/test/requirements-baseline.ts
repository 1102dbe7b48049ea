/**
 * Scenarios of `--requirements 2026-07-28` (conformance 0.2.0-alpha.12) that pass over Streamable
 * HTTP and over stdio (through the bridge), measured on this branch: no check fails, and none
 * warns unless {@link WARNING_2026_SCENARIOS} says why. Add each scenario that starts passing;
 * never remove one.
 */
export const PASSING_2026_SCENARIOS: readonly string[] = [
  "caching",
  "completion-complete",
  "dns-rebinding-protection",
  "http-custom-header-server-validation",
  "http-header-validation",
  "input-required-result-basic-elicitation",
  "input-required-result-basic-list-roots",
  "input-required-result-basic-sampling",
  "input-required-result-capability-check",
  "input-required-result-ignore-extra-params",
  "input-required-result-missing-input-response",
  "input-required-result-multi-round",
  "input-required-result-multiple-input-requests",
  "input-required-result-non-tool-request",
  "input-required-result-request-state",
  "input-required-result-result-type",
  "input-required-result-tampered-state",
  "input-required-result-unsupported-methods",
  "input-required-result-validate-input",
  "json-schema-2020-12",
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
  "server-stateless",
  "tasks-capability-negotiation",
  "tasks-dispatch-and-envelope",
  "tasks-lifecycle",
  "tasks-mrtr-composition",
  "tasks-mrtr-input",
  "tasks-request-headers",
  "tasks-request-state-removal",
  "tasks-required-task-error",
  "tasks-wire-fields",
  "tools-call-audio",
  "tools-call-embedded-resource",
  "tools-call-error",
  "tools-call-image",
  "tools-call-mixed-content",
  "tools-call-simple-text",
  "tools-call-with-progress",
  "tools-list",
];

/**
 * Scenarios of {@link PASSING_2026_SCENARIOS} that may still warn (a SHOULD not met), each with
 * the reason. Every other scenario of that list must pass with no warning either.
 */
export const WARNING_2026_SCENARIOS: Readonly<Record<string, string>> = {};

/**
 * Passing checks of each skills scenario (SEP-2640, an extension no requirement set names; run by
 * name at 2026-07-28) over Streamable HTTP and stdio, measured with the everything component's
 * skill: every check runs (none skipped), none fails or warns.
 */
export const SKILLS_2026_CHECKS: Readonly<Record<string, number>> = {
  "sep-2640-skills-enumeration": 32,
  "sep-2640-skills-manifest": 6,
  "sep-2640-skills-directory": 7,
};

/**
 * Scenarios of `--requirements 2026-07-28` that pass over Streamable HTTP only, each with why not
 * over stdio. Add each that starts passing; never remove one.
 */
export const HTTP_ONLY_2026_SCENARIOS: Readonly<Record<string, string>> = {
  // None: `http-custom-header-server-validation` (SEP-2243) passes over stdio too since the
  // bridge's HTTP front checks `Mcp-Param-*` headers against the stdio server's tool schemas.
};
