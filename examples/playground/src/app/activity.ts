// The result pane and the log of what arrives while calls run.

const result = () => document.getElementById("result") as HTMLPreElement;

/** Shows a result's text (or an error) in `#result`, and marks the page's state for automation. */
export function showResult(text: string, isError = false): void {
  const element = result();
  element.textContent = text;
  element.classList.toggle("error", isError);
  document.body.dataset.state = isError ? "error" : "done";
}

/** Marks a call in flight. */
export function showPending(what: string): void {
  result().textContent = `${what}…`;
  result().classList.remove("error");
  document.body.dataset.state = "running";
}

/** Appends one line to the activity log (logs, progress, restarts, timings). */
export function addActivity(kind: string, text: string): void {
  const list = document.getElementById("activity") as HTMLOListElement;
  const item = document.createElement("li");
  const label = document.createElement("span");
  label.className = "kind";
  label.textContent = kind;
  item.append(label, ` ${text}`);
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

/** Sets the status line under the header. */
export function setStatus(text: string, isError = false): void {
  const status = document.getElementById("status") as HTMLElement;
  status.textContent = text;
  status.classList.toggle("error", isError);
}

/** One-line text of a log record's data. */
export function describeData(data: unknown): string {
  if (typeof data === "string") return data;
  if (data && typeof data === "object" && "message" in data) {
    const { message, data: rest } = data as { message: unknown; data?: unknown };
    return rest === undefined ? String(message) : `${String(message)} ${JSON.stringify(rest)}`;
  }
  return JSON.stringify(data);
}
