import type { IncomingMessage, Server as NodeHttpServer, ServerResponse } from "node:http";

/** Whether a node can take traffic: what `/readyz` answers. */
export type Readiness = { ok: true } | { ok: false; reason: string };

/** Says whether the node is ready (components loaded, shared store reachable). Must not throw. */
export type ReadinessCheck = () => Readiness | Promise<Readiness>;

/** The health paths every network listener answers (ADR 0011 §6). */
export const HEALTH_PATHS = { alive: "/healthz", ready: "/readyz" } as const;

/**
 * `/healthz` (200 while the process serves) and `/readyz` (200 when `check` says ready, 503 with the
 * reason otherwise, and 503 from the moment a drain starts, so a balancer stops sending new work).
 */
export class HealthEndpoint {
  private draining = false;

  constructor(private readonly check: ReadinessCheck | undefined) {}

  /** From now on `/readyz` answers 503 "draining". */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Answers `req` when its path is a health path and returns true; false for any other path. */
  answer(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path === HEALTH_PATHS.alive) {
      res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" }).end("ok\n");
      return true;
    }
    if (path !== HEALTH_PATHS.ready) return false;
    void this.readiness().then((state) => {
      const body = state.ok ? "ready\n" : `not ready: ${state.reason}\n`;
      res
        .writeHead(state.ok ? 200 : 503, { "content-type": "text/plain", "cache-control": "no-store" })
        .end(req.method === "HEAD" ? undefined : body);
    });
    return true;
  }

  /** The current readiness; a check that throws counts as not ready. */
  async readiness(): Promise<Readiness> {
    if (this.draining) return { ok: false, reason: "draining" };
    if (!this.check) return { ok: true };
    try {
      return await this.check();
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/**
 * Counts a server's requests still being answered, so a drain can wait for the in-flight ones.
 * `exclude` leaves long-lived responses (an SSE GET stream) out of the count.
 */
export function trackRequests(
  server: NodeHttpServer,
  exclude: (req: IncomingMessage) => boolean,
): { readonly count: number; settled(timeoutMs: number): Promise<boolean> } {
  let count = 0;
  const waiters = new Set<() => void>();
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    if (exclude(req)) return;
    count++;
    res.once("close", () => {
      count--;
      if (count === 0) for (const wake of [...waiters]) wake();
    });
  });
  return {
    get count() {
      return count;
    },
    settled(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(value);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      });
    },
  };
}
