import { judgeRequirements } from "./judge-requirements.js";
import { judgeSkills } from "./judge-skills.js";

// mcp-compositor serve everything.wasm (stdio) behind the stdio→HTTP bridge, both requirement sets:
// each 2025 session gets its own stdio server process, every 2026 request one shared process.
judgeRequirements("stdio");

// The skills extension's scenarios (SEP-2640), run by name beside the requirement sets.
judgeSkills("stdio");
