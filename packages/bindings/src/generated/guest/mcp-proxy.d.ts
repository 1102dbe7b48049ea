/// <reference path="./interfaces/wasi-mcp-capabilities.d.ts" />
/// <reference path="./interfaces/wasi-mcp-client.d.ts" />
/// <reference path="./interfaces/wasi-mcp-content.d.ts" />
/// <reference path="./interfaces/wasi-mcp-handlers.d.ts" />
/// <reference path="./interfaces/wasi-mcp-run.d.ts" />
/// <reference path="./interfaces/wasi-mcp-runtime.d.ts" />
/// <reference path="./interfaces/wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/mcp-proxy@0.1.0' {
  export type * as WasiMcpCapabilities010 from 'wasi:mcp/capabilities@0.1.0'; // import wasi:mcp/capabilities@0.1.0
  export type * as WasiMcpClient010 from 'wasi:mcp/client@0.1.0'; // import wasi:mcp/client@0.1.0
  export type * as WasiMcpContent010 from 'wasi:mcp/content@0.1.0'; // import wasi:mcp/content@0.1.0
  export type * as WasiMcpRuntime010 from 'wasi:mcp/runtime@0.1.0'; // import wasi:mcp/runtime@0.1.0
  export type * as WasiMcpTypes010 from 'wasi:mcp/types@0.1.0'; // import wasi:mcp/types@0.1.0
  export * as handlers from 'wasi:mcp/handlers@0.1.0'; // export wasi:mcp/handlers@0.1.0
  export * as run from 'wasi:mcp/run@0.1.0'; // export wasi:mcp/run@0.1.0
}
