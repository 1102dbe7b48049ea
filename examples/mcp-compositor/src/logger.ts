/** Severity order of MCP / RFC 5424 levels. */
const LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"] as const;

/** Lines for humans, on stderr, from `level` up. */
export interface Logger {
  at(level: string, message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** A stderr logger that drops lines below `minimum`. Stdout is never written: it may carry protocol bytes. */
export function createLogger(
  minimum: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const floor = Math.max(0, LEVELS.indexOf(minimum as (typeof LEVELS)[number]));
  const at = (level: string, message: string) => {
    const rank = LEVELS.indexOf(level as (typeof LEVELS)[number]);
    if (rank >= 0 && rank < floor) return;
    write(`mcp-compositor: ${level === "info" ? "" : `${level}: `}${message}\n`);
  };
  return {
    at,
    info: (message) => at("info", message),
    warning: (message) => at("warning", message),
    error: (message) => at("error", message),
  };
}
