/** @module Interface wasi:mcp/run@0.2.0 **/
export function run(): void;
export type Error = import('./wasi-mcp-types.js').Error;
