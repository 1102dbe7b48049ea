// The engine fault battery (test-kit) against the browser host, in headless Chromium: the same
// cases the Node host passes in both isolation modes, on the same host-fixture component.
import { type FaultComponent, type FaultPolicy, runEngineFaults } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

let browser: BrowserPage | undefined;
const page = () => (browser as BrowserPage).page;
let loads = 0;

// Cross-origin isolated, so that a worker can wait for the page's answer to a question (ADR 0006 §5).
beforeAll(async () => {
  browser = await openBrowserPage({ crossOriginIsolated: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

runEngineFaults({
  name: "Chromium",
  inWorkers: true,
  async load(policy: FaultPolicy): Promise<FaultComponent> {
    const name = `host-fixture-${++loads}`;
    await inPage(page(), (f, arg) => f.connect(arg.url, arg.policy, arg.name), {
      url: componentUrl("host-fixture"),
      policy,
      name,
    });
    return {
      call: (call) => inPage(page(), (f, arg) => f.call(arg.name, arg.call), { name, call }),
      restarts: () => inPage(page(), async (f, name) => f.component(name).restarts(), name),
      retirements: () => inPage(page(), async (f, name) => f.component(name).retirements(), name),
      memoryBytes: () => inPage(page(), async (f, name) => f.component(name).memoryBytes(), name),
      close: () => inPage(page(), (f, name) => f.close(name), name),
    };
  },
});
