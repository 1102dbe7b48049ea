import { judgeWire } from "./judge-wire.js";

// mcp-compositor serve everything.wasm (stdio), one process per session, behind the stdio→HTTP
// bridge: the suite speaks Streamable HTTP only.
judgeWire("stdio");
