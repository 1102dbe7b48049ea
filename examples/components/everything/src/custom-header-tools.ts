import { mcpHeader, tool } from "@wasi-mcp/guest";

/**
 * The tool the suite's `http-custom-header-server-validation` scenario calls (SEP-2243): its
 * `region` parameter is declared `x-mcp-header: Region`, so 2026-07-28 HTTP clients send it as
 * `Mcp-Param-Region` too, and the host refuses a call whose header disagrees with the argument.
 */
export const customHeaderTools = [
  tool({
    name: "test_custom_header",
    description: "Echoes its region argument, which clients also send in the Mcp-Param-Region header",
    input: {
      type: "object",
      properties: { region: mcpHeader("Region", { type: "string", description: "Where to run" }) },
      required: ["region"],
    },
    handler: ({ region }) => `Region: ${String(region)}`,
  }),
];
