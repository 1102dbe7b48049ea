import { judgeRequirements } from "./judge-requirements.js";

// mcp-compositor serve --transport http everything.wasm, judged by both requirement sets.
judgeRequirements("http");
