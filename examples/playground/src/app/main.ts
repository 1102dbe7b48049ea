// The playground page: pick or drop a component, explore it, or run the deep link's one call.
import { addActivity, describeData, setStatus, showResult } from "./activity.js";
import { askInDialog } from "./elicitation-dialog.js";
import { renderCatalog, runDeepLink } from "./explorer.js";
import { openSession, type Session } from "./session.js";

let session: Session | undefined;

/** Closes the current component and loads another; lists what it offers. */
async function load(source: string | Uint8Array, name?: string): Promise<Session | undefined> {
  await session?.close().catch(() => undefined);
  session = undefined;
  setStatus("Loading…");
  document.body.dataset.state = "loading";
  try {
    const opened = await openSession(source, name, {
      onLog: (level, logger, data) =>
        addActivity(level, `${logger ? `${logger}: ` : ""}${describeData(data)}`),
      onListChanged: () => void (session && renderCatalog(session)),
      onRestart: (reason) => addActivity("restart", reason),
      elicit: askInDialog,
    });
    session = opened;
    const t = opened.component.timings;
    setStatus(
      `${opened.name} loaded in ${t.total.toFixed(0)} ms (fetch ${t.fetch.toFixed(0)}, transpile ${t.transpile.toFixed(0)}` +
        `${opened.component.transpiled ? "" : " cached"}, compile ${t.compile.toFixed(0)}, instantiate + run ${t.instantiate.toFixed(0)}); ` +
        "it runs in a Web Worker.",
    );
    addActivity("load", `${opened.name} (${t.total.toFixed(0)} ms)`);
    await renderCatalog(opened);
    document.body.dataset.state = "ready";
    return opened;
  } catch (error) {
    setStatus(`Could not load the component: ${(error as Error).message}`, true);
    showResult(`Error: ${(error as Error).message}`, true);
    return undefined;
  }
}

function wirePicker(): void {
  const picker = document.getElementById("picker") as HTMLFormElement;
  const example = document.getElementById("example") as HTMLSelectElement;
  picker.addEventListener("submit", (event) => {
    event.preventDefault();
    void load(example.value);
  });
  const file = document.getElementById("file") as HTMLInputElement;
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (chosen) void loadFile(chosen);
  });
  document.addEventListener("dragover", (event) => {
    event.preventDefault();
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    document.body.classList.remove("dragging");
    const dropped = event.dataTransfer?.files[0];
    if (dropped) void loadFile(dropped);
  });
}

async function loadFile(file: File): Promise<void> {
  await load(new Uint8Array(await file.arrayBuffer()), file.name.replace(/\.wasm$/, ""));
}

/** `?component=<url>&tool=<name>&args=<json>`: load, call once, show the result text. */
async function deepLink(): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const component = params.get("component");
  if (!component) return false;
  const opened = await load(component);
  const tool = params.get("tool");
  if (!opened || !tool) return true;
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(params.get("args") ?? "{}") as Record<string, unknown>;
  } catch {
    showResult("Error: the args parameter is not valid JSON", true);
    return true;
  }
  await runDeepLink(opened, tool, args);
  return true;
}

wirePicker();
void deepLink().then((linked) => {
  if (!linked) void load((document.getElementById("example") as HTMLSelectElement).value);
});
