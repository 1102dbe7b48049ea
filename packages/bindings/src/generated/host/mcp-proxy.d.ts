// world wasi:mcp/mcp-proxy@0.1.0
export type * as WasiMcpCapabilities010 from './interfaces/wasi-mcp-capabilities.js'; // import wasi:mcp/capabilities@0.1.0
export type * as WasiMcpClient010 from './interfaces/wasi-mcp-client.js'; // import wasi:mcp/client@0.1.0
export type * as WasiMcpContent010 from './interfaces/wasi-mcp-content.js'; // import wasi:mcp/content@0.1.0
export type * as WasiMcpRuntime010 from './interfaces/wasi-mcp-runtime.js'; // import wasi:mcp/runtime@0.1.0
export type * as WasiMcpTypes010 from './interfaces/wasi-mcp-types.js'; // import wasi:mcp/types@0.1.0
export * as handlers from './interfaces/wasi-mcp-handlers.js'; // export wasi:mcp/handlers@0.1.0
export * as run from './interfaces/wasi-mcp-run.js'; // export wasi:mcp/run@0.1.0
