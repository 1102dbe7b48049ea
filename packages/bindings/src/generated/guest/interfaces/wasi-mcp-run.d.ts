/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/run@0.1.0' {
  export function run(): void;
  export type Error = import('wasi:mcp/types@0.1.0').Error;
}
