import type { IncomingMessage, ServerResponse } from "node:http";
import { admit } from "../auth/refusal.js";
import { HTTP_ERROR_CODES, writeJsonError } from "../errors.js";
import type { Authenticate } from "../options.js";

/** A metrics page served beside the MCP endpoint (`HttpServerOptions.metrics`). */
export interface MetricsRoute {
  /** Writes the page (e.g. the OpenTelemetry Prometheus exporter's `getMetricsRequestHandler`). */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Path. Default `/metrics`. */
  path?: string;
  /**
   * Serve it without credentials even when the server has `authenticate`. Default false: a
   * scraper presents a credential like any client (Prometheus: `authorization` in its scrape config).
   */
  open?: boolean;
}

/** Answers the metrics path: the server's credential check first (unless open), then the page. */
export class MetricsEndpoint {
  readonly path: string;

  constructor(
    private readonly route: MetricsRoute,
    private readonly authenticate: Authenticate | undefined,
    private readonly resourceMetadataUrl: string | undefined,
  ) {
    this.path = route.path ?? "/metrics";
  }

  /** Answers `req` when `path` is the metrics path and returns true; false otherwise. */
  answer(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path !== this.path) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      writeJsonError(res, 405, HTTP_ERROR_CODES.transport, "Method Not Allowed", { allow: "GET, HEAD" });
      return true;
    }
    if (this.route.open || !this.authenticate) {
      this.route.serve(req, res);
      return true;
    }
    void admit(this.authenticate, req, this.resourceMetadataUrl).then(
      (admission) => {
        if (admission.ok) return this.route.serve(req, res);
        writeJsonError(
          res,
          admission.status,
          HTTP_ERROR_CODES.transport,
          admission.message,
          admission.headers,
        );
      },
      () => writeJsonError(res, 500, -32603, "Internal error"),
    );
    return true;
  }
}
