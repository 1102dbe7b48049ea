// The catalog (tools, resources, templates, prompts) and the detail pane with its action.
import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import { addActivity, showPending, showResult } from "./activity.js";
import { promptText, resourceText, toolResultText } from "./result-text.js";
import { paragraph, renderSchemaForm } from "./schema-form.js";
import type { Session } from "./session.js";

type Item =
  | { kind: "tool"; value: Tool }
  | { kind: "resource"; value: Resource }
  | { kind: "template"; value: ResourceTemplate }
  | { kind: "prompt"; value: Prompt };

/** Lists what the session's server offers and renders it into `#catalog`. */
export async function renderCatalog(session: Session): Promise<void> {
  const { client } = session;
  const caps = client.getServerCapabilities() ?? {};
  const [tools, resources, templates, prompts] = await Promise.all([
    caps.tools ? client.listTools().then((r) => r.tools) : [],
    caps.resources ? client.listResources().then((r) => r.resources) : [],
    caps.resources ? client.listResourceTemplates().then((r) => r.resourceTemplates) : [],
    caps.prompts ? client.listPrompts().then((r) => r.prompts) : [],
  ]);
  const catalog = document.getElementById("catalog") as HTMLElement;
  catalog.replaceChildren(
    group(
      "Tools",
      tools.map((value) => ({ kind: "tool", value }) as const),
      session,
    ),
    group(
      "Resources",
      resources.map((value) => ({ kind: "resource", value }) as const),
      session,
    ),
    group(
      "Templates",
      templates.map((value) => ({ kind: "template", value }) as const),
      session,
    ),
    group(
      "Prompts",
      prompts.map((value) => ({ kind: "prompt", value }) as const),
      session,
    ),
  );
}

function group(title: string, items: Item[], session: Session): HTMLElement {
  const section = document.createElement("section");
  const heading = document.createElement("h2");
  heading.textContent = `${title} (${items.length})`;
  const list = document.createElement("ul");
  for (const item of items) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = labelOf(item);
    button.title = item.value.description ?? "";
    button.addEventListener("click", () => {
      for (const other of document.querySelectorAll("#catalog button")) other.removeAttribute("aria-current");
      button.setAttribute("aria-current", "true");
      renderDetail(item, session);
    });
    const li = document.createElement("li");
    li.append(button);
    list.append(li);
  }
  section.append(heading, items.length > 0 ? list : paragraph("none", "empty"));
  return section;
}

function labelOf(item: Item): string {
  if (item.kind === "resource") return item.value.uri;
  if (item.kind === "template") return item.value.uriTemplate;
  return item.value.name;
}

/** Shows one item with a form for its arguments and the button that runs it. */
export function renderDetail(item: Item, session: Session): void {
  const detail = document.getElementById("detail") as HTMLElement;
  const title = document.createElement("h3");
  title.textContent = labelOf(item);
  const form = document.createElement("form");
  const fields = document.createElement("div");
  const read = renderSchemaForm(formSchema(item), fields);
  const run = document.createElement("button");
  run.type = "submit";
  run.className = "primary";
  run.textContent = { tool: "Call", resource: "Read", template: "Read", prompt: "Get" }[item.kind];
  form.append(fields, run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let args: Record<string, unknown>;
    try {
      args = read();
    } catch (error) {
      return showResult((error as Error).message, true);
    }
    run.disabled = true;
    void execute(item, args, session).finally(() => {
      run.disabled = false;
    });
  });
  detail.replaceChildren(title, paragraph(item.value.description ?? "", "description"), form);
}

/** The schema the detail form is generated from. */
function formSchema(item: Item): Record<string, unknown> {
  switch (item.kind) {
    case "tool":
      return item.value.inputSchema as Record<string, unknown>;
    case "resource":
      return {};
    case "template": {
      const names = [...item.value.uriTemplate.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap((m) =>
        (m[1] ?? "").split(","),
      );
      return { properties: Object.fromEntries(names.map((n) => [n, { type: "string" }])), required: names };
    }
    case "prompt":
      return {
        properties: Object.fromEntries(
          (item.value.arguments ?? []).map((a) => [a.name, { type: "string", description: a.description }]),
        ),
        required: (item.value.arguments ?? []).filter((a) => a.required).map((a) => a.name),
      };
  }
}

async function execute(item: Item, args: Record<string, unknown>, session: Session): Promise<void> {
  const { client } = session;
  showPending(`${labelOf(item)} running`);
  const started = performance.now();
  try {
    let text: string;
    let isError = false;
    if (item.kind === "tool") {
      const result = await client.callTool({ name: item.value.name, arguments: args }, undefined, {
        onprogress: (p) =>
          addActivity(
            "progress",
            `${p.progress}${p.total ? `/${p.total}` : ""}${p.message ? ` ${p.message}` : ""}`,
          ),
      });
      text = toolResultText(result as { content?: unknown; structuredContent?: unknown });
      isError = result.isError === true;
    } else if (item.kind === "prompt") {
      text = promptText(
        await client.getPrompt({ name: item.value.name, arguments: args as Record<string, string> }),
      );
    } else {
      const uri = item.kind === "resource" ? item.value.uri : expand(item.value.uriTemplate, args);
      text = resourceText(await client.readResource({ uri }));
    }
    showResult(text, isError);
  } catch (error) {
    showResult(`Error: ${(error as Error).message}`, true);
  }
  addActivity("timing", `${labelOf(item)}: ${(performance.now() - started).toFixed(1)} ms`);
}

/** Fills the simple `{name}` expressions of a URI template. */
function expand(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(args[name] ?? "")));
}

/** Runs one tool call (the deep link) and shows its result text. */
export async function runDeepLink(
  session: Session,
  tool: string,
  args: Record<string, unknown>,
): Promise<void> {
  const found = (await session.client.listTools()).tools.find((t) => t.name === tool);
  if (found) renderDetail({ kind: "tool", value: found }, session);
  await execute(
    { kind: "tool", value: found ?? { name: tool, inputSchema: { type: "object" } } },
    args,
    session,
  );
}
