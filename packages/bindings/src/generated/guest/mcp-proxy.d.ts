/// <reference path="./interfaces/wasi-mcp-capabilities.d.ts" />
/// <reference path="./interfaces/wasi-mcp-client.d.ts" />
/// <reference path="./interfaces/wasi-mcp-content.d.ts" />
/// <reference path="./interfaces/wasi-mcp-handlers.d.ts" />
/// <reference path="./interfaces/wasi-mcp-run.d.ts" />
/// <reference path="./interfaces/wasi-mcp-runtime.d.ts" />
/// <reference path="./interfaces/wasi-mcp-skills.d.ts" />
/// <reference path="./interfaces/wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/mcp-proxy@0.2.0' {
  export type * as WasiMcpCapabilities020 from 'wasi:mcp/capabilities@0.2.0'; // import wasi:mcp/capabilities@0.2.0
  export type * as WasiMcpClient020 from 'wasi:mcp/client@0.2.0'; // import wasi:mcp/client@0.2.0
  export type * as WasiMcpContent020 from 'wasi:mcp/content@0.2.0'; // import wasi:mcp/content@0.2.0
  export type * as WasiMcpRuntime020 from 'wasi:mcp/runtime@0.2.0'; // import wasi:mcp/runtime@0.2.0
  export type * as WasiMcpSkills020 from 'wasi:mcp/skills@0.2.0'; // import wasi:mcp/skills@0.2.0
  export type * as WasiMcpTypes020 from 'wasi:mcp/types@0.2.0'; // import wasi:mcp/types@0.2.0
  export * as handlers from 'wasi:mcp/handlers@0.2.0'; // export wasi:mcp/handlers@0.2.0
  export * as run from 'wasi:mcp/run@0.2.0'; // export wasi:mcp/run@0.2.0
}
