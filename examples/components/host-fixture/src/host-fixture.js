// Test fixture of @wasi-mcp/host. Every tool exercises one host feature or one fault. Not an
// example to copy: it exists so the host's tests run against a real component.
import { getEnvironment } from "wasi:cli/environment@0.2.12";
import { exit } from "wasi:cli/exit@0.2.12";
import { getStdout } from "wasi:cli/stdout@0.2.12";
import { subscribeDuration } from "wasi:clocks/monotonic-clock@0.2.12";
import { getDirectories } from "wasi:filesystem/preopens@0.2.12";
import { handle } from "wasi:http/outgoing-handler@0.2.12";
import { Fields, OutgoingRequest } from "wasi:http/types@0.2.12";
import { callTool, connect, disconnect, initialize, listTools } from "wasi:mcp/client@0.1.0";
import {
  getClientCapabilities,
  log,
  registerPrompts,
  registerResources,
  registerServer,
  registerTools,
  reportProgress,
  requestElicitation,
  requestSampling,
  sendNotification,
  serve,
} from "wasi:mcp/runtime@0.1.0";

const OBJECT = JSON.stringify({ type: "object" });
const text = (value) => ({ tag: "text", val: { text: String(value) } });
const ok = (value) => ({ content: [text(value)], isError: false });
const fail = (code, message) => {
  throw { code, message };
};

let counter = 0;
/** Wall-clock time (ms) at which this instance ran its `run` export. */
let startedAt = 0;
const subscriptions = new Set();
/** Tools this instance registered with `add_tool`: they answer with the instance's start time. */
const dynamicTools = new Set();

function busyWait(ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* spin */
  }
}

function describeError(error) {
  const payload = error && typeof error === "object" && "payload" in error ? error.payload : error;
  if (payload instanceof Error) return `${payload.name}: ${payload.message}`;
  if (typeof payload === "string") return payload;
  return JSON.stringify(payload, (_key, value) => (typeof value === "bigint" ? String(value) : value));
}

function preopen(path) {
  for (const [descriptor, guestPath] of getDirectories()) {
    if (path === guestPath || path.startsWith(`${guestPath}/`)) {
      return [descriptor, path.slice(guestPath.length).replace(/^\/+/, "") || "."];
    }
  }
  return fail("invalid-params", `no preopen holds ${path}`);
}

function readFile(path) {
  const [dir, relative] = preopen(path);
  const file = dir.openAt({ symlinkFollow: true }, relative, {}, { read: true });
  const size = file.stat().size;
  const [bytes] = file.read(size, 0n);
  return new TextDecoder().decode(bytes);
}

function writeFile(path, content) {
  const [dir, relative] = preopen(path);
  const file = dir.openAt(
    { symlinkFollow: true },
    relative,
    { create: true, truncate: true },
    { write: true },
  );
  file.write(new TextEncoder().encode(content), 0n);
}

/** JSON for anything a filesystem call returns (bigints as strings, bytes as text). */
function plain(value) {
  if (value === undefined) return null;
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? new TextDecoder().decode(v) : v,
    ),
  );
}

/**
 * Runs filesystem calls exactly as given, on the descriptor of one preopen, and reports each
 * outcome: `{ ok: values }` or `{ code }` (the WASI error code it was refused with).
 */
function fsOps(preopenPath, ops) {
  const [dir] = preopen(preopenPath);
  return ops.map((op) => {
    try {
      return { ok: plain(fsOp(dir, op)) };
    } catch (error) {
      return { code: describeError(error) };
    }
  });
}

function fsOp(dir, op) {
  const follow = { symlinkFollow: Boolean(op.follow) };
  switch (op.kind) {
    case "symlink":
      return dir.symlinkAt(op.target, op.path);
    case "mkdir":
      return dir.createDirectoryAt(op.path);
    case "rmdir":
      return dir.removeDirectoryAt(op.path);
    case "unlink":
      return dir.unlinkFileAt(op.path);
    case "readlink":
      return dir.readlinkAt(op.path);
    case "stat":
      return dir.statAt(follow, op.path);
    case "hash":
      return dir.metadataHashAt(follow, op.path);
    case "times":
      return dir.setTimesAt(follow, op.path, { tag: "now" }, { tag: "now" });
    case "rename":
      return dir.renameAt(op.from, dir, op.to);
    case "link":
      return dir.linkAt(follow, op.from, dir, op.to);
    case "open": {
      const file = dir.openAt(follow, op.path, op.flags ?? {}, {
        read: op.read ?? true,
        write: Boolean(op.write),
      });
      if (op.hold) {
        held.push(file);
        return held.length;
      }
      return useDescriptor(file, op);
    }
    case "self":
      return useDescriptor(dir, op);
    case "release": {
      const count = held.length;
      for (const descriptor of held.splice(0)) descriptor[Symbol.dispose]?.();
      return count;
    }
    default:
      return fail("invalid-params", `unknown filesystem operation ${op.kind}`);
  }
}

/** Descriptors an `open` with `hold` keeps open until a `release` (descriptor exhaustion). */
const held = [];
/** wasi:io streams and pollables `hold_io` keeps alive (never dropped until `release_io`). */
const heldIo = [];
/** wasi:http fields `hold_fields` keeps alive. */
const heldFields = [];

/** Calls one descriptor method as a guest would (`use` names it); the default reads. */
function useDescriptor(file, op) {
  const bytes = () => new TextEncoder().encode(op.text ?? "W");
  const now = { tag: "now" };
  switch (op.use) {
    case "write":
      return file.write(bytes(), BigInt(op.offset ?? 0));
    case "write-stream":
      return file.writeViaStream(BigInt(op.offset ?? 0)).blockingWriteAndFlush(bytes());
    case "append":
      return file.appendViaStream().blockingWriteAndFlush(bytes());
    case "read-stream":
      return file.readViaStream(0n).blockingRead(16384n);
    case "set-times":
      return file.setTimes(now, now);
    case "set-size":
      return file.setSize(BigInt(op.size ?? 0));
    case "sync":
      return file.sync();
    case "sync-data":
      return file.syncData();
    case "advise":
      return file.advise(0n, 0n, "normal");
    case "flags":
      return file.getFlags();
    case "type":
      return file.getType();
    case "hash":
      return file.metadataHash();
    case "stat":
      return file.stat();
    case "list": {
      const stream = file.readDirectory();
      const entries = [];
      for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry())
        entries.push(entry);
      return entries;
    }
    default:
      return file.read(16384n, 0n);
  }
}

/** A GET through raw wasi:http (StarlingMonkey's fetch is asynchronous; handlers are not). */
function httpGet(authority, path) {
  const request = new OutgoingRequest(new Fields());
  request.setMethod({ tag: "get" });
  request.setScheme({ tag: "HTTP" });
  request.setAuthority(authority);
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  future.subscribe().block();
  const outcome = future.get();
  // A refused request fails through the future (the host's own client) or at `handle` (the shim's).
  if (outcome?.tag === "ok" && outcome.val.tag === "err") throw outcome.val.val;
  if (outcome?.tag !== "ok") return `failed: ${describeError(outcome)}`;
  return `status ${outcome.val.val.status()}`;
}

/**
 * Starts `count` GETs at once (each `handle` returns before its response), then waits for each:
 * its status, or the error it failed with.
 */
function httpGetMany(authority, count) {
  const futures = [];
  for (let i = 0; i < count; i++) {
    const request = new OutgoingRequest(new Fields());
    request.setScheme({ tag: "HTTP" });
    request.setAuthority(authority);
    request.setPathWithQuery(`/${i}`);
    futures.push(handle(request, undefined));
  }
  return futures.map((future) => {
    future.subscribe().block();
    const outcome = future.get();
    if (outcome?.tag === "ok" && outcome.val.tag === "ok") return `status ${outcome.val.val.status()}`;
    return describeError(outcome?.tag === "ok" ? outcome.val.val : outcome);
  });
}

/** Calls a tool of another MCP server through wasi:mcp/client. */
function proxyCall(server, tool, args) {
  const conn = connect(server);
  try {
    const info = initialize(conn, { name: "host-fixture", version: "0.1.0" });
    const names = listTools(conn).map((t) => t.name);
    const result = callTool(conn, tool, JSON.stringify(args));
    const first = result.content[0];
    return `${info.serverInfo.name} has [${names.join(",")}]; ${tool} said ${first?.tag === "text" ? first.val.text : "?"}`;
  } finally {
    disconnect(conn);
  }
}

const tools = {
  proxy_call: (args) => {
    try {
      return ok(proxyCall(args.server, args.tool, args.args ?? {}));
    } catch (error) {
      return { content: [text(`client failed: ${describeError(error)}`)], isError: true };
    }
  },
  fetch: (args) => {
    try {
      return ok(httpGet(args.authority, args.path ?? "/"));
    } catch (error) {
      return { content: [text(`denied: ${describeError(error)}`)], isError: true };
    }
  },
  echo: (args) => ok(args.text),
  /** Makes `count` outgoing requests with a path of `pathBytes`, kept unsent (a memory attack). */
  hold_requests: (args) => {
    let made = 0;
    try {
      for (; made < args.count; made++) {
        const request = new OutgoingRequest(new Fields());
        request.setPathWithQuery(`/${"a".repeat(args.pathBytes)}`);
        heldFields.push(request);
      }
      return ok(`held ${made}`);
    } catch (error) {
      return ok(`refused after ${made}: ${describeError(error)}`);
    }
  },
  /**
   * Makes `count` wasi:io resources of one `kind` and keeps them (a resource-exhaustion attack):
   * `pollable` (subscribe-duration of an hour), `stdout` (get-stdout), `file-stream` (read-via-stream
   * of the file at `path`).
   */
  hold_io: (args) => {
    const file =
      args.kind === "file-stream"
        ? (([dir, relative]) => dir.openAt({ symlinkFollow: true }, relative, {}, { read: true }))(
            preopen(args.path),
          )
        : undefined;
    let made = 0;
    try {
      for (; made < args.count; made++) {
        if (args.kind === "stdout") heldIo.push(getStdout());
        else if (file) heldIo.push(file.readViaStream(0n));
        else heldIo.push(subscribeDuration(3_600_000_000_000n));
      }
      return ok(`held ${heldIo.length}`);
    } catch (error) {
      return ok(`refused after ${made}: ${describeError(error)}`);
    }
  },
  /** Writes `mib` MiB to stdout in 64 KiB writes within one call (an output flood). */
  flood_stdout: (args) => {
    const stdout = getStdout();
    const chunk = new Uint8Array(65536).fill(120);
    for (let i = 0; i < args.mib * 16; i++) stdout.blockingWriteAndFlush(chunk);
    return ok(`wrote ${args.mib} MiB`);
  },
  /** Drops every resource `hold_io` kept. */
  release_io: () => {
    const count = heldIo.length;
    for (const resource of heldIo.splice(0)) resource[Symbol.dispose]?.();
    return ok(`released ${count}`);
  },
  fetch_many: (args) => ok(JSON.stringify(httpGetMany(args.authority, args.count))),
  /** Makes the host hold `count` wasi:http fields of `bytes` each, kept alive (a memory attack). */
  hold_fields: (args) => {
    const value = new Uint8Array(args.bytes).fill(97);
    let made = 0;
    try {
      for (; made < args.count; made++) {
        const fields = new Fields();
        fields.append("x-big", value);
        heldFields.push(fields);
      }
      return ok(`held ${heldFields.length}`);
    } catch (error) {
      return ok(`refused after ${made}: ${describeError(error)}`);
    }
  },
  fs: (args) => ok(JSON.stringify(fsOps(args.preopen, args.ops))),
  exit: (args) => {
    exit(args.ok ? { tag: "ok" } : { tag: "err" });
    return ok("still running after exit");
  },
  started_at: () => ok(String(startedAt)),
  context: (_args, ctx) =>
    ok(
      JSON.stringify({
        requestId: ctx.requestId,
        sessionId: ctx.sessionId ?? null,
        progressToken: ctx.progressToken ? String(ctx.progressToken.val) : null,
      }),
    ),
  slow: (args) => {
    busyWait(args.ms);
    return ok(`slept ${args.ms} ms`);
  },
  loop: () => {
    for (;;) {
      /* never returns */
    }
  },
  trap: () => {
    throw new Error("deliberate failure that is not a wasi:mcp error record");
  },
  grow: () => {
    const chunks = [];
    for (;;) chunks.push(new Uint8Array(4 * 1024 * 1024).fill(1));
  },
  bad_json: () => ({
    content: [text("structured content follows")],
    structuredContent: "{not json",
    isError: false,
  }),
  fail: (args) => fail(args.code, args.message),
  progress: (args, ctx) => {
    if (!ctx.progressToken) return ok("no progress token");
    for (let step = 1; step <= args.steps; step++)
      reportProgress(ctx.progressToken, step, args.steps, `step ${step}`);
    return ok(`reported ${args.steps} steps`);
  },
  bad_progress: () => {
    try {
      reportProgress({ tag: "string", val: "not-mine" }, 1, undefined, undefined);
      return ok("accepted");
    } catch (error) {
      return ok(`refused: ${describeError(error)}`);
    }
  },
  log: (args) => {
    for (const level of args.levels) log(level, `${level} message`, JSON.stringify({ level }));
    return ok(`logged ${args.levels.length}`);
  },
  print: (args) => {
    console.log(args.text);
    console.error(`err: ${args.text}`);
    return ok("printed");
  },
  client_caps: () => ok(JSON.stringify(getClientCapabilities())),
  sample: (args) => {
    try {
      const result = requestSampling({
        messages: [{ role: "user", content: text(args.prompt) }],
        maxTokens: 100,
        stopSequences: [],
      });
      return ok(`${result.model}: ${result.content.val.text}`);
    } catch (error) {
      return { content: [text(`sampling failed: ${describeError(error)}`)], isError: true };
    }
  },
  elicit: (args) => {
    try {
      const result = requestElicitation({
        message: args.message,
        requestedSchema: JSON.stringify({ type: "object", properties: { name: { type: "string" } } }),
      });
      return ok(`${result.action}: ${result.content ?? ""}`);
    } catch (error) {
      return { content: [text(`elicitation failed: ${describeError(error)}`)], isError: true };
    }
  },
  // A 0.1.0 guest that ignores the replay outcome of a 2026-07-28 question and keeps going: logs,
  // a notification, progress, another question, state, a tool registration, a long spin. What it
  // got is written to stderr (its result is discarded by the host).
  ask_and_chatter: (args, ctx) => {
    const outcomes = [];
    const attempt = (ask) => {
      try {
        ask();
        outcomes.push("answered");
      } catch (error) {
        outcomes.push(describeError(error));
      }
    };
    attempt(() =>
      requestElicitation({
        message: "who?",
        requestedSchema: JSON.stringify({ type: "object", properties: { name: { type: "string" } } }),
      }),
    );
    log("warning", "chatter after the question", undefined);
    sendNotification({ tag: "custom", val: { method: "notifications/chatter", params: "{}" } });
    if (ctx.progressToken) reportProgress(ctx.progressToken, 1, undefined, "chatter");
    attempt(() =>
      requestSampling({
        messages: [{ role: "user", content: text("again") }],
        maxTokens: 5,
        stopSequences: [],
      }),
    );
    counter++;
    if (args.register)
      registerTools([{ name: args.register, description: "added while unwinding", inputSchema: OBJECT }]);
    busyWait(args.spinMs ?? 0);
    console.error(`chatter done ${counter} ${JSON.stringify(outcomes)}`);
    return ok("the guest ignored the outcome");
  },
  add_tool: (args) => {
    registerTools([{ name: args.name, description: "added at run time", inputSchema: OBJECT }]);
    dynamicTools.add(args.name);
    return ok(`added ${args.name}`);
  },
  bump: () => {
    counter++;
    sendNotification({ tag: "resource-updated", val: "fixture://counter" });
    return ok(String(counter));
  },
  subscriptions: () => ok(JSON.stringify([...subscriptions])),
  notify: (args) => {
    const notification =
      args.tag === "custom"
        ? { tag: "custom", val: { method: args.method, params: args.params } }
        : { tag: args.tag };
    try {
      sendNotification(notification);
      return ok(`sent ${args.tag}`);
    } catch (error) {
      return { content: [text(`refused: ${describeError(error)}`)], isError: true };
    }
  },
  env: (args) => {
    const found = getEnvironment().find(([key]) => key === args.name);
    return ok(found ? found[1] : "<unset>");
  },
  read_file: (args) => {
    try {
      return ok(readFile(args.path));
    } catch (error) {
      return { content: [text(`denied: ${describeError(error)}`)], isError: true };
    }
  },
  write_file: (args) => {
    try {
      writeFile(args.path, args.text);
      return ok("written");
    } catch (error) {
      return { content: [text(`denied: ${describeError(error)}`)], isError: true };
    }
  },
};

export const run = {
  run() {
    startedAt = Date.now();
    registerServer({
      name: "host-fixture",
      version: "0.1.0",
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: false },
        logging: true,
        completions: true,
      },
    });
    registerTools(
      Object.keys(tools).map((name) => ({ name, description: `fixture tool ${name}`, inputSchema: OBJECT })),
    );
    registerResources([{ uri: "fixture://counter", name: "counter", mimeType: "text/plain" }]);
    registerPrompts([
      { name: "pick", description: "Pick a fruit", arguments: [{ name: "fruit", required: true }] },
    ]);
    serve();
  },
};

export const handlers = {
  callTool(ctx, name, argumentsJson) {
    const tool = tools[name];
    if (!tool && dynamicTools.has(name)) {
      if (JSON.parse(argumentsJson).trap) throw new Error(`deliberate trap in ${name}`);
      return ok(`${name} served by the instance started at ${startedAt}`);
    }
    if (!tool) return fail("invalid-params", `no tool ${name}`);
    return tool(JSON.parse(argumentsJson), ctx);
  },
  readResource(_ctx, uri) {
    return { contents: [{ tag: "text", val: { uri, mimeType: "text/plain", text: String(counter) } }] };
  },
  getPrompt(_ctx, _name, args) {
    const fruit = new Map(args).get("fruit");
    return { messages: [{ role: "user", content: text(`I pick ${fruit}`) }] };
  },
  handleSubscribe(_ctx, uri) {
    subscriptions.add(uri);
  },
  handleUnsubscribe(_ctx, uri) {
    subscriptions.delete(uri);
  },
  handleComplete(_ctx, _reference, argument) {
    const fruits = ["apple", "apricot", "banana", "cherry"];
    const values = fruits.filter((fruit) => fruit.startsWith(argument.value));
    return { values, total: values.length, hasMore: false };
  },
  handleElicit() {
    return { action: "decline" };
  },
};
