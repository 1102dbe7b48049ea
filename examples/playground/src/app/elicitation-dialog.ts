import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { renderSchemaForm } from "./schema-form.js";

/**
 * Shows an elicitation request as a modal dialog with a form generated from its schema and
 * resolves with the person's answer: accept (with the values), decline or cancel.
 */
export function askInDialog(
  message: string,
  requestedSchema: Record<string, unknown>,
): Promise<ElicitResult> {
  const dialog = document.getElementById("elicitation") as HTMLDialogElement;
  const fields = document.getElementById("elicitation-fields") as HTMLElement;
  (document.getElementById("elicitation-message") as HTMLElement).textContent = message;
  fields.replaceChildren();
  const read = renderSchemaForm(requestedSchema, fields);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        const action = dialog.returnValue;
        if (action !== "accept") return resolve({ action: action === "decline" ? "decline" : "cancel" });
        try {
          resolve({ action: "accept", content: read() as ElicitResult["content"] });
        } catch {
          resolve({ action: "cancel" });
        }
      },
      { once: true },
    );
  });
}
