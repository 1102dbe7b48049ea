/**
 * Scenarios of `--requirements 2026-07-28` (conformance 0.2.0-alpha.12) that pass over Streamable
 * HTTP, measured on this branch. Add each scenario that starts passing; never remove one.
 */
export const PASSING_2026_SCENARIOS: readonly string[] = ["input-required-result-validate-input"];
