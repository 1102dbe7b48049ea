// P3: Streamable HTTP throughput with many concurrent sessions, each calling in a closed loop,
// hosted vs native SDK server, beside the raw JSON-RPC echo limit of node:http.
import { startServer, urlOf } from "../lib/children.js";
import { figure, goal, times } from "../lib/figures.js";
import { COMPONENTS } from "../lib/paths.js";
import { alternate, field, latencyOf } from "../lib/stats.js";
import { httpSession, openSessions } from "../lib/wires.js";

const SERVERS = {
  raw: ["raw", undefined, {}],
  native: ["native", undefined, {}],
  hello: ["ours", COMPONENTS.hello, {}],
  hello2: ["ours", COMPONENTS.hello, { BENCH_POOL: "2" }],
};
const LABELS = {
  raw: "raw JSON-RPC echo on node:http (limit)",
  native: "native SDK McpServer + SDK StreamableHTTPServerTransport",
  hello: "ours: hello.wasm, 1 instance (default)",
  hello2: "ours: hello.wasm, pool of 2 instances",
};

/** Every session calls in a loop for `seconds`; returns calls/s and the latency of all calls. */
export async function closedLoop(sessions, seconds) {
  const deadline = performance.now() + seconds * 1000;
  const samples = [];
  await Promise.all(
    sessions.map(async (session) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await session.echo("hello");
        samples.push((performance.now() - started) * 1000);
      }
    }),
  );
  return { perSecond: samples.length / seconds, ...latencyOf(samples) };
}

/** Runs P3 with `config.sessions` sessions per server. */
export async function run(config) {
  config.log(`P3 http, ${config.sessions} sessions`);
  const servers = {};
  const sessions = {};
  try {
    for (const [name, [variant, wasm, env]] of Object.entries(SERVERS)) {
      servers[name] = await startServer("http", variant, wasm, env);
      const url = urlOf("http", servers[name]);
      sessions[name] = await openSessions(config.sessions, () => httpSession(url));
      await closedLoop(sessions[name], 0.5);
    }
    const runs = await alternate(Object.keys(SERVERS), config.slices, (name) =>
      closedLoop(sessions[name], config.seconds),
    );
    const figures = [];
    for (const name of ["hello", "hello2", "raw"]) {
      figures.push(
        figure(
          `${LABELS[name]}: calls/s`,
          "calls/s",
          field(runs[name], "perSecond"),
          field(runs.native, "perSecond"),
          LABELS.native,
        ),
        figure(
          `${LABELS[name]}: p99 under load`,
          "µs",
          field(runs[name], "p99"),
          field(runs.native, "p99"),
          LABELS.native,
        ),
      );
    }
    const ours = figures[0];
    return {
      sections: [
        {
          id: "P3",
          title: `Streamable HTTP throughput, ${config.sessions} concurrent sessions`,
          method:
            `${config.sessions} sessions per server, each calling \`echo\` in a closed loop (next call when the ` +
            `previous answer arrived) for ${config.seconds} s per round, ${config.slices} alternating rounds; servers ` +
            "in their own process, SSE answers. Ratio > 1 is better here.",
          figures,
          goals: [
            goal(
              "P3",
              "HTTP throughput ≥ 1.0× native SDK (32 sessions)",
              `${ours.ours.median.toFixed(0)} vs ${ours.base.median.toFixed(0)} calls/s = ${times(ours.ratio.median)}`,
              ours.ratio.median >= 1,
            ),
          ],
        },
      ],
      raw: runs,
    };
  } finally {
    for (const list of Object.values(sessions)) for (const session of list) session.close();
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}
