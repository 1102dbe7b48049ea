import type { LoadedComponent } from "@wasi-mcp/host";

/** One stderr line describing a loaded component: what it serves and how long loading took. */
export function describeComponent(component: LoadedComponent): string {
  const b = component.backend;
  const counts = [
    plural(b.listTools().length, "tool"),
    plural(b.listResources().length, "resource"),
    plural(b.listResourceTemplates().length, "resource template"),
    plural(b.listPrompts().length, "prompt"),
  ].join(", ");
  const t = component.timings;
  const source = component.cached ? "cached" : `transpiled in ${ms(t.transpile)}`;
  return `${component.name}: ${counts}; loaded in ${ms(t.total)} (${source}, compile ${ms(t.compile)}, start ${ms(t.start)})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}
