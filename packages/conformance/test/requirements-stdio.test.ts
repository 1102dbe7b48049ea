import { judgeRequirements } from "./judge-requirements.js";

// mcp-compositor serve everything.wasm (stdio) behind the stdio→HTTP bridge, both requirement sets:
// each 2025 session gets its own stdio server process, every 2026 request one shared process.
judgeRequirements("stdio");
