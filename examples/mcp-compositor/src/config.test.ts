import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromFlags, readConfig } from "./config.js";

function writeConfig(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "compositor-config-"));
  const file = join(dir, "mcp-compositor.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("readConfig", () => {
  it("resolves paths against the file's folder and fills in defaults", async () => {
    const file = writeConfig({
      components: [
        {
          path: "components/hello.wasm",
          namespace: "hi",
          policy: { preopens: [{ hostPath: "data", guestPath: "/data" }], deadlineMs: 5000 },
          servers: { other: { component: "notes" } },
        },
        { path: "/abs/notes.wasm" },
      ],
      transport: { type: "http", port: 3000 },
    });
    const config = await readConfig(file);
    const dir = file.replace(/\/mcp-compositor\.json$/, "");
    expect(config.components[0]).toEqual({
      source: join(dir, "components/hello.wasm"),
      namespace: "hi",
      policy: { preopens: [{ hostPath: join(dir, "data"), guestPath: "/data" }], deadlineMs: 5000 },
      servers: { other: { component: "notes" } },
    });
    expect(config.components[1]?.source).toBe("/abs/notes.wasm");
    expect(config.transport).toEqual({ type: "http", host: "127.0.0.1", port: 3000 });
    expect(config.separator).toBe("__");
    expect(config.watch).toBe(false);
  });

  it("takes a preopen's allowSymlinks and allowHardLinks, and refuses a non-boolean", async () => {
    const grant = {
      hostPath: "/tmp",
      guestPath: "/data",
      readOnly: false,
      allowSymlinks: true,
      allowHardLinks: false,
    };
    const config = await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { preopens: [grant] } }] }),
    );
    expect(config.components[0]?.policy.preopens).toEqual([grant]);
    const bad = writeConfig({
      components: [{ path: "/a.wasm", policy: { preopens: [{ ...grant, allowHardLinks: "yes" }] } }],
    });
    await expect(readConfig(bad)).rejects.toThrow(/allowHardLinks/);
  });

  it("takes maxOpenDescriptors, and refuses zero", async () => {
    const config = await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { maxOpenDescriptors: 64 } }] }),
    );
    expect(config.components[0]?.policy.maxOpenDescriptors).toBe(64);
    const bad = writeConfig({ components: [{ path: "/a.wasm", policy: { maxOpenDescriptors: 0 } }] });
    await expect(readConfig(bad)).rejects.toThrow(/maxOpenDescriptors/);
  });

  it("takes the outgoing HTTP limits, and names a bad or unknown one", async () => {
    const outgoingHttp = {
      timeoutMs: 5000,
      maxRequestBytes: 1024,
      maxResponseBytes: 2048,
      maxConcurrentRequests: 2,
    };
    const config = await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { outgoingHttp } }] }),
    );
    expect(config.components[0]?.policy.outgoingHttp).toEqual(outgoingHttp);
    const zero = writeConfig({
      components: [{ path: "/a.wasm", policy: { outgoingHttp: { maxConcurrentRequests: 0 } } }],
    });
    await expect(readConfig(zero)).rejects.toThrow("/components/0/policy/outgoingHttp/maxConcurrentRequests");
    const unknown = writeConfig({
      components: [{ path: "/a.wasm", policy: { outgoingHttp: { retries: 3 } } }],
    });
    await expect(readConfig(unknown)).rejects.toThrow(/outgoingHttp.*retries|retries/);
  });

  it("names the file and the problem for invalid JSON", async () => {
    const file = writeConfig("{ components: [");
    await expect(readConfig(file)).rejects.toThrow(new RegExp(`${file}: not valid JSON`));
  });

  it("names a missing file", async () => {
    await expect(readConfig("/no/such/config.json")).rejects.toThrow("/no/such/config.json: no such file");
  });

  it("lists every schema problem with its location", async () => {
    const file = writeConfig({
      components: [{ path: "a.wasm", policy: { deadlineMs: "soon", secret: true } }],
      transport: { type: "carrier-pigeon" },
      extra: 1,
    });
    const error = (await readConfig(file).catch((e) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(file);
    expect(error.message).toContain('(top level): unknown property "extra"');
    expect(error.message).toContain("/components/0/policy/deadlineMs: must be integer");
    expect(error.message).toContain('/components/0/policy: unknown property "secret"');
    expect(error.message).toContain("/transport/type: must be equal to one of the allowed values");
  });

  it("reads limits, and refuses unknown ones and nonsense with their location", async () => {
    const limits = { maxMessageBytes: 65_536, maxSessions: 10, sessionIdleTimeoutMs: 0, maxStalledMs: 5_000 };
    const config = await readConfig(writeConfig({ components: [{ path: "a.wasm" }], limits }));
    expect(config.limits).toEqual(limits);
    expect((await readConfig(writeConfig({ components: [{ path: "a.wasm" }] }))).limits).toEqual({});
    const error = (await readConfig(
      writeConfig({
        components: [{ path: "a.wasm" }],
        limits: { maxSessions: 0, maxSockets: 5, maxStalledMs: "1m" },
      }),
    ).catch((e) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("/limits/maxSessions: must be >= 1");
    expect(error.message).toContain('/limits: unknown property "maxSockets"');
    expect(error.message).toContain("/limits/maxStalledMs: must be integer");
  });

  it("reads scaleOut (workers, redis) and limits.drainMs, and refuses nonsense", async () => {
    const scaleOut = { workers: "auto", redis: "redis://10.0.0.5:6379/2" };
    const config = await readConfig(
      writeConfig({ components: [{ path: "a.wasm" }], scaleOut, limits: { drainMs: 5_000 } }),
    );
    expect(config.scaleOut).toEqual(scaleOut);
    expect(config.limits.drainMs).toBe(5_000);
    expect((await readConfig(writeConfig({ components: [{ path: "a.wasm" }] }))).scaleOut).toEqual({});
    const error = (await readConfig(
      writeConfig({
        components: [{ path: "a.wasm" }],
        scaleOut: { workers: 0, redis: "http://x", sticky: true },
      }),
    ).catch((e) => e)) as ConfigError;
    expect(error.message).toContain("/scaleOut/workers: must be >= 1");
    expect(error.message).toContain("/scaleOut/redis: must match pattern");
    expect(error.message).toContain('/scaleOut: unknown property "sticky"');
  });

  it("reads tasks (or false), and refuses unknown keys and nonsense", async () => {
    const tasks = { taskAfterMs: 0, ttlMs: 60_000, maxRunningTasks: 2, maxTasks: 10 };
    const config = await readConfig(writeConfig({ components: [{ path: "a.wasm" }], tasks }));
    expect(config.tasks).toEqual(tasks);
    const off = await readConfig(writeConfig({ components: [{ path: "a.wasm" }], tasks: false }));
    expect(off.tasks).toBe(false);
    const error = (await readConfig(
      writeConfig({ components: [{ path: "a.wasm" }], tasks: { ttlMs: 0, forever: true } }),
    ).catch((e) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("/tasks");
  });

  it("accepts the isolation of a component and refuses an unknown one", async () => {
    const config = await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { isolation: "in-process" } }] }),
    );
    expect(config.components[0]?.policy).toEqual({ isolation: "in-process" });
    const error = (await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { isolation: "thread" } }] }),
    ).catch((e) => e)) as ConfigError;
    expect(error.message).toContain(
      "/components/0/policy/isolation: must be equal to one of the allowed values",
    );
  });

  it("accepts a memory high-water ratio in (0, 1] and refuses one outside it", async () => {
    const config = await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { memoryHighWaterRatio: 0.5 } }] }),
    );
    expect(config.components[0]?.policy).toEqual({ memoryHighWaterRatio: 0.5 });
    const error = (await readConfig(
      writeConfig({ components: [{ path: "/a.wasm", policy: { memoryHighWaterRatio: 1.5 } }] }),
    ).catch((e) => e)) as ConfigError;
    expect(error.message).toContain("/components/0/policy/memoryHighWaterRatio: must be <= 1");
  });

  it("requires a path or a url for each component, and known sibling names", async () => {
    await expect(readConfig(writeConfig({ components: [{ name: "x" }] }))).rejects.toThrow(
      /missing property "path"/,
    );
    await expect(
      readConfig(writeConfig({ components: [{ path: "a.wasm", servers: { up: { component: "ghost" } } }] })),
    ).rejects.toThrow('/components/0/servers/up: no component named "ghost"');
  });
});

describe("configFromFlags", () => {
  it("is a shorthand for the same model", () => {
    expect(configFromFlags(["x.wasm"], { transport: "ws", port: 9 })).toMatchObject({
      components: [{ source: "x.wasm", policy: {}, servers: {} }],
      transport: { type: "ws", host: "127.0.0.1", port: 9 },
    });
    expect(() => configFromFlags(["x.wasm"], { transport: "smoke" })).toThrow(/unknown transport "smoke"/);
  });

  it("pins component URLs with --sha256, one per URL in order, and refuses a mismatch", () => {
    const a = "a".repeat(64);
    const b = "B".repeat(64);
    const config = configFromFlags(["https://x.test/a.wasm", "local.wasm", "https://x.test/b.wasm"], {
      sha256: [a, b],
    });
    expect(config.components.map((component) => component.sha256)).toEqual([a, undefined, b.toLowerCase()]);
    expect(() => configFromFlags(["https://x.test/a.wasm"], {})).toThrow(
      "1 component URL but 0 --sha256: give one --sha256 <hex> per URL, in the order of the URLs",
    );
    expect(() => configFromFlags(["x.wasm"], { sha256: [a] })).toThrow(/0 component URLs but 1 --sha256/);
    expect(() => configFromFlags(["https://x.test/a.wasm"], { sha256: ["abc"] })).toThrow(
      "--sha256 abc: expected 64 hexadecimal digits",
    );
  });
});

describe("readConfig: auth and invocationLog", () => {
  it("takes a resource server or API keys, tool scopes and the log, resolving files", async () => {
    const file = writeConfig({
      components: [{ path: "/c/hello.wasm" }],
      transport: { type: "http" },
      auth: { apiKeys: { file: "keys.json" }, toolScopes: { "notes__*": ["notes:write"] } },
      invocationLog: { file: "calls.jsonl", logArguments: ["echo"] },
    });
    const dir = file.replace(/\/mcp-compositor\.json$/, "");
    expect((await readConfig(file)).frontDoor).toEqual({
      auth: { apiKeys: { file: join(dir, "keys.json") }, toolScopes: { "notes__*": ["notes:write"] } },
      invocationLog: { file: join(dir, "calls.jsonl"), logArguments: ["echo"] },
    });
    const oauth = {
      issuer: "https://id.example.com",
      audience: "https://mcp.example.com/mcp",
      requiredScopes: ["mcp"],
    };
    const withServer = writeConfig({
      components: [{ path: "/c/hello.wasm" }],
      transport: { type: "ws" },
      auth: { resourceServer: oauth },
    });
    expect((await readConfig(withServer)).frontDoor).toEqual({ auth: { resourceServer: oauth } });
    expect(
      (await readConfig(writeConfig({ components: [{ path: "/c/h.wasm" }] }))).frontDoor,
    ).toBeUndefined();
  });

  it("refuses both credential kinds, a bad issuer, alg none, and credentials on stdio", async () => {
    const base = { components: [{ path: "/c/hello.wasm" }], transport: { type: "http" } };
    const server = { issuer: "https://id.example.com", audience: "https://mcp.example.com/mcp" };
    await expect(
      readConfig(writeConfig({ ...base, auth: { resourceServer: server, apiKeys: { env: "K" } } })),
    ).rejects.toThrow(/\/auth: must NOT be valid/);
    await expect(
      readConfig(writeConfig({ ...base, auth: { resourceServer: { ...server, issuer: "id.example.com" } } })),
    ).rejects.toThrow(/\/auth\/resourceServer\/issuer/);
    await expect(
      readConfig(writeConfig({ ...base, auth: { resourceServer: { ...server, algorithms: ["none"] } } })),
    ).rejects.toThrow(/algorithms\/0/);
    await expect(
      readConfig(writeConfig({ components: base.components, auth: { apiKeys: { env: "K" } } })),
    ).rejects.toThrow(/stdio has none/);
    await expect(readConfig(writeConfig({ ...base, invocationLog: { level: 1 } }))).rejects.toThrow(
      /unknown property "level"/,
    );
  });

  it("takes telemetry and a token cache, and refuses nonsense with its location", async () => {
    const base = { components: [{ path: "/c/hello.wasm" }], transport: { type: "http", port: 3000 } };
    const telemetry = {
      serviceName: "gw",
      otlp: { endpoint: "http://collector:4318", protocol: "http/json", headers: { "x-key": "k" } },
      prometheus: { path: "/m", open: true },
    };
    const config = await readConfig(writeConfig({ ...base, telemetry }));
    expect(config.telemetry).toEqual(telemetry);
    expect((await readConfig(writeConfig(base))).telemetry).toBeUndefined();
    const off = await readConfig(writeConfig({ ...base, telemetry: { otlp: false, prometheus: false } }));
    expect(off.telemetry).toEqual({ otlp: false, prometheus: false });
    await expect(
      readConfig(writeConfig({ ...base, telemetry: { otlp: { protocol: "udp" } } })),
    ).rejects.toThrow(/\/telemetry\/otlp/);
    await expect(
      readConfig(writeConfig({ ...base, telemetry: { prometheus: { port: 3000 } } })),
    ).rejects.toThrow(/\/telemetry\/prometheus\/port: the metrics listener needs a port of its own/);
    await expect(readConfig(writeConfig({ ...base, telemetry: { sampler: 1 } }))).rejects.toThrow(
      /unknown property "sampler"/,
    );
    const server = { issuer: "https://id.example.com", audience: "https://mcp.example.com/mcp" };
    const cached = await readConfig(
      writeConfig({ ...base, auth: { resourceServer: { ...server, tokenCache: { ttlMs: 5000 } } } }),
    );
    expect(cached.frontDoor?.auth?.resourceServer?.tokenCache).toEqual({ ttlMs: 5000 });
    await expect(
      readConfig(writeConfig({ ...base, auth: { resourceServer: { ...server, tokenCache: { ttlMs: 0 } } } })),
    ).rejects.toThrow(/tokenCache/);
  });
});

describe("readConfig: skills (SEP-2640)", () => {
  it("resolves the skills folder against the file's folder, takes a prefix and the policy's skill limits", async () => {
    const file = writeConfig({
      components: [{ path: "/a.wasm", policy: { skills: { maxSkills: 4 } } }],
      skills: { directory: "skills", prefix: "docs" },
    });
    const config = await readConfig(file);
    expect(config.skills).toEqual({ directory: join(file, "..", "skills"), prefix: "docs" });
    expect(config.components[0]?.policy.skills).toEqual({ maxSkills: 4 });
  });

  it("refuses a skills key without a folder, a prefix that is no skill path and an unknown skill limit", async () => {
    await expect(readConfig(writeConfig({ components: [{ path: "/a.wasm" }], skills: {} }))).rejects.toThrow(
      /directory/,
    );
    await expect(
      readConfig(
        writeConfig({ components: [{ path: "/a.wasm" }], skills: { directory: "s", prefix: "Bad_Prefix" } }),
      ),
    ).rejects.toThrow(/prefix/);
    await expect(
      readConfig(writeConfig({ components: [{ path: "/a.wasm", policy: { skills: { maxSkill: 1 } } }] })),
    ).rejects.toThrow(/maxSkill/);
  });
});
