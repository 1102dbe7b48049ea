import { judgeRequirements } from "./judge-requirements.js";

// mcp-compositor serve everything.wasm (stdio) behind the stdio→HTTP bridge, both requirement sets:
// a 2025 session and every 2026 request each get their own stdio server process.
judgeRequirements("stdio");
