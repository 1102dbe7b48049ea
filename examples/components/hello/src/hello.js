// The hello component: the smallest complete wasi:mcp server. Plain JavaScript against the WIT
// world `mcp-backend`, componentized by @wasi-mcp/build.
import {
  registerPrompts,
  registerResources,
  registerServer,
  registerTools,
  serve,
} from "wasi:mcp/runtime@0.1.0";

const GREETING_URI = "hello://greeting";
const GREETING_TEXT = "Hello from a WebAssembly component!";

function text(value) {
  return { tag: "text", val: { text: value } };
}

function fail(code, message) {
  // A guest returns an `err` by throwing the error record.
  throw { code, message };
}

function callEcho(args) {
  return { content: [text(args.text)], isError: false };
}

function callAdd(args) {
  const sum = args.a + args.b;
  return {
    content: [text(String(sum))],
    structuredContent: JSON.stringify({ sum }),
    isError: false,
  };
}

export const run = {
  run() {
    registerServer({
      name: "hello",
      version: "0.1.0",
      title: "Hello component",
      instructions: "Try the echo and add tools, the greeting resource and the greet prompt.",
      capabilities: {
        tools: { listChanged: false },
        resources: { subscribe: false, listChanged: false },
        prompts: { listChanged: false },
        logging: false,
        completions: false,
      },
    });
    registerTools([
      {
        name: "echo",
        title: "Echo",
        description: "Returns the text it is given.",
        inputSchema: JSON.stringify({
          type: "object",
          properties: { text: { type: "string", description: "Text to echo back" } },
          required: ["text"],
        }),
        annotations: { readOnlyHint: true, idempotentHint: true },
      },
      {
        name: "add",
        title: "Add",
        description: "Adds two numbers.",
        inputSchema: JSON.stringify({
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
        }),
        outputSchema: JSON.stringify({
          type: "object",
          properties: { sum: { type: "number" } },
          required: ["sum"],
        }),
        annotations: { readOnlyHint: true, idempotentHint: true },
      },
    ]);
    registerResources([
      {
        uri: GREETING_URI,
        name: "greeting",
        title: "Greeting",
        description: "A static greeting.",
        mimeType: "text/plain",
      },
    ]);
    registerPrompts([
      {
        name: "greet",
        title: "Greet someone",
        description: "Asks the model to greet a person by name.",
        arguments: [{ name: "name", description: "Who to greet", required: true }],
      },
    ]);
    serve();
  },
};

export const handlers = {
  callTool(_ctx, name, argumentsJson) {
    const args = JSON.parse(argumentsJson);
    if (name === "echo") return callEcho(args);
    if (name === "add") return callAdd(args);
    return fail("invalid-params", `Unknown tool: ${name}`);
  },
  readResource(_ctx, uri) {
    if (uri !== GREETING_URI) fail("resource-not-found", `Resource not found: ${uri}`);
    return { contents: [{ tag: "text", val: { uri, mimeType: "text/plain", text: GREETING_TEXT } }] };
  },
  getPrompt(_ctx, name, args) {
    if (name !== "greet") fail("invalid-params", `Unknown prompt: ${name}`);
    const who = new Map(args).get("name") ?? "friend";
    return {
      description: `Greet ${who}`,
      messages: [{ role: "user", content: text(`Please greet ${who} warmly, in one sentence.`) }],
    };
  },
  handleSubscribe() {
    fail("unsupported-operation", "hello has no subscribable resources");
  },
  handleUnsubscribe() {
    fail("unsupported-operation", "hello has no subscribable resources");
  },
  handleComplete() {
    fail("unsupported-operation", "hello offers no completions");
  },
  handleElicit() {
    fail("unsupported-operation", "hello is not a client of other servers");
  },
};
