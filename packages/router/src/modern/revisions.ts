/** The 2025 revision the router's 2025 face speaks, and the 2026 revision its 2026 face speaks. */
export const PROTOCOL_REVISIONS = ["2025-11-25", "2026-07-28"] as const;

/** The MCP revision of the 2026 face (stateless, per-request `_meta` envelope). */
export const MODERN_REVISION = PROTOCOL_REVISIONS[1];
