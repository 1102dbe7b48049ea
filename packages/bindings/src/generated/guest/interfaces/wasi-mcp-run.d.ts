/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/run@0.2.0' {
  export function run(): void;
  export type Error = import('wasi:mcp/types@0.2.0').Error;
}
