// world wasi:mcp/mcp-proxy@0.2.0
export type * as WasiMcpCapabilities020 from './interfaces/wasi-mcp-capabilities.js'; // import wasi:mcp/capabilities@0.2.0
export type * as WasiMcpClient020 from './interfaces/wasi-mcp-client.js'; // import wasi:mcp/client@0.2.0
export type * as WasiMcpContent020 from './interfaces/wasi-mcp-content.js'; // import wasi:mcp/content@0.2.0
export type * as WasiMcpRuntime020 from './interfaces/wasi-mcp-runtime.js'; // import wasi:mcp/runtime@0.2.0
export type * as WasiMcpSkills020 from './interfaces/wasi-mcp-skills.js'; // import wasi:mcp/skills@0.2.0
export type * as WasiMcpTypes020 from './interfaces/wasi-mcp-types.js'; // import wasi:mcp/types@0.2.0
export * as handlers from './interfaces/wasi-mcp-handlers.js'; // export wasi:mcp/handlers@0.2.0
export * as run from './interfaces/wasi-mcp-run.js'; // export wasi:mcp/run@0.2.0
