// A form generated from a JSON Schema object (a tool's input schema, a prompt's arguments).

/** The part of JSON Schema the form understands; anything else is edited as JSON text. */
interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

/** Reads the form's current values; throws with a readable message on invalid input. */
export type FormReader = () => Record<string, unknown>;

/**
 * Renders one field per property of `schema` into `container`: text, number, checkbox, a select
 * for enums, a JSON textarea for objects and arrays. Required fields are marked.
 */
export function renderSchemaForm(schema: Record<string, unknown>, container: HTMLElement): FormReader {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const readers: [string, () => unknown][] = [];
  for (const [name, property] of Object.entries(properties)) {
    readers.push([name, renderField(container, name, property, required.has(name))]);
  }
  if (readers.length === 0) container.append(paragraph("No arguments.", "hint"));
  return () => {
    const values: Record<string, unknown> = {};
    for (const [name, read] of readers) {
      const value = read();
      if (value !== undefined) values[name] = value;
      else if (required.has(name)) throw new Error(`${name} is required`);
    }
    return values;
  };
}

function renderField(container: HTMLElement, name: string, property: PropertySchema, required: boolean) {
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== "null") : property.type;
  const field = document.createElement("div");
  field.className = type === "boolean" ? "field checkbox" : "field";
  const id = `field-${name}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = `${property.title ?? name}${required ? " *" : ""}`;
  let read: () => unknown;
  let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (property.enum) {
    const select = document.createElement("select");
    for (const option of ["", ...property.enum.map(String)]) select.add(new Option(option, option));
    read = () =>
      select.value === ""
        ? undefined
        : (property.enum?.find((v) => String(v) === select.value) ?? select.value);
    input = select;
  } else if (type === "boolean") {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = property.default === true;
    read = () => box.checked;
    input = box;
  } else if (type === "number" || type === "integer") {
    const number = document.createElement("input");
    number.type = "number";
    if (type === "integer") number.step = "1";
    read = () => (number.value === "" ? undefined : Number(number.value));
    input = number;
  } else if (type === "object" || type === "array") {
    const area = document.createElement("textarea");
    area.placeholder = type === "object" ? "{ }" : "[ ]";
    read = () => {
      if (area.value.trim() === "") return undefined;
      try {
        return JSON.parse(area.value);
      } catch {
        throw new Error(`${name} is not valid JSON`);
      }
    };
    input = area;
  } else {
    const text = document.createElement("input");
    text.type = "text";
    read = () => (text.value === "" ? undefined : text.value);
    input = text;
  }
  input.id = id;
  input.name = name;
  if (property.default !== undefined && !(input instanceof HTMLInputElement && input.type === "checkbox")) {
    input.value = typeof property.default === "string" ? property.default : JSON.stringify(property.default);
  }
  if (type === "boolean") field.append(input, label);
  else field.append(label, input);
  if (property.description) field.append(small(property.description));
  container.append(field);
  return read;
}

function small(text: string): HTMLElement {
  const element = document.createElement("small");
  element.textContent = text;
  return element;
}

/** A paragraph with a class. */
export function paragraph(text: string, className?: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.textContent = text;
  if (className) p.className = className;
  return p;
}
