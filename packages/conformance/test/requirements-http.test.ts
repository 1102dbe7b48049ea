import { judgeRequirements } from "./judge-requirements.js";
import { judgeSkills } from "./judge-skills.js";

// mcp-compositor serve --transport http everything.wasm, judged by both requirement sets.
judgeRequirements("http");

// The skills extension's scenarios (SEP-2640), run by name beside the requirement sets.
judgeSkills("http");
