/** Parses JSON text from the host; text that is not JSON is returned as it is. */
export function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
