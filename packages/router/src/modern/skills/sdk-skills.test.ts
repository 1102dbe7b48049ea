// The skills extension end to end on both faces of an endpoint, with the SDKs' own clients: the
// v2 `SkillsClient` verifies every digest it reads; the v1 client speaks the raw methods.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { SkillsClient } from "@modelcontextprotocol/client/ext/skills";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMcpEndpoint, type McpEndpoint } from "../../serving/endpoint.js";
import { createPlainBackend } from "../../shared/plain-backend.js";
import type { SkillBundle } from "../../shared/skills.js";

const PDF: SkillBundle = {
  path: "pdf-processing",
  files: {
    "SKILL.md":
      "---\nname: pdf-processing\ndescription: Extract and fill PDF forms\n---\nRead references/FORMS.md.\n",
    "references/FORMS.md": "# Forms\nFill each field.\n",
  },
};
const NOTES: SkillBundle = {
  path: "team/notes",
  files: { "SKILL.md": "---\nname: notes\ndescription: Take notes\n---\nBody.\n" },
};

function endpointWith(skills: SkillBundle[]) {
  const backend = createPlainBackend({
    name: "skills",
    version: "1.0.0",
    tools: [{ name: "noop", inputSchema: { type: "object" }, call: () => ({ content: [] }) }],
    skills,
  });
  const endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
  return { backend, endpoint };
}

async function modernClient(endpoint: McpEndpoint): Promise<Client> {
  const client = new Client(
    { name: "v2", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
      fetch: (url, init) => endpoint.handleHttp(new Request(url, init)),
    }),
  );
  return client;
}

const anyResult = z.looseObject({});

describe("skills (SEP-2640) through the SDK's catalog", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("lists, gets, reads (verified) and walks directories for a 2026-07-28 client", async () => {
    const { endpoint } = endpointWith([PDF, NOTES]);
    const client = await modernClient(endpoint);
    closers.push(
      () => client.close(),
      () => endpoint.close(),
    );
    const skills = new SkillsClient(client);
    expect(skills.supported).toBe(true);
    expect(skills.directoryRead).toBe(true);
    const listing = await skills.list();
    expect(listing.skills.map((skill) => skill.uri)).toEqual([
      "skill://pdf-processing/SKILL.md",
      "skill://team/notes/SKILL.md",
    ]);
    const [pdf] = listing.skills;
    if (!pdf) throw new Error("no skill listed");
    const manifest = await skills.read(pdf);
    expect(manifest.text).toContain("Read references/FORMS.md.");
    const forms = await skills.read(pdf, "references/FORMS.md");
    expect(forms.text).toBe("# Forms\nFill each field.\n");
    const got = await skills.get("skill://team/notes/SKILL.md");
    expect(got.skill.frontmatter).toEqual({ name: "notes", description: "Take notes" });
    expect(got).toMatchObject({ ttlMs: 0, cacheScope: "private" });
    const dir = await skills.readDirectory("skill://pdf-processing");
    expect(dir.resources.map((r) => [r.uri, r.mimeType])).toEqual([
      ["skill://pdf-processing/SKILL.md", "text/markdown"],
      ["skill://pdf-processing/references", "inode/directory"],
    ]);
    const resources = await client.listResources();
    expect(resources.resources.map((r) => [r.uri, r.name, r.description])).toContainEqual([
      "skill://pdf-processing/SKILL.md",
      "pdf-processing",
      "Extract and fill PDF forms",
    ]);
    await expect(skills.get("skill://nothing-here/SKILL.md")).rejects.toMatchObject({ code: -32602 });
    await expect(
      client.request(
        { method: "resources/directory/read", params: { uri: "skill://pdf-processing/SKILL.md" } },
        anyResult,
      ),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it("serves the same methods to a 2025-11-25 client, without cache fields", async () => {
    const { endpoint } = endpointWith([PDF]);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = endpoint.serveChannel(serverSide);
    const client = new LegacyClient({ name: "v1", version: "1.0.0" });
    await client.connect(clientSide);
    closers.push(async () => {
      await client.close();
      await served.close();
      await endpoint.close();
    });
    expect(client.getServerCapabilities()?.extensions).toEqual({
      "io.modelcontextprotocol/skills": { directoryRead: true },
    });
    const listed = await client.request({ method: "skills/list", params: {} }, anyResult);
    expect(listed).not.toHaveProperty("ttlMs");
    expect((listed.skills as { uri: string }[]).map((skill) => skill.uri)).toEqual([
      "skill://pdf-processing/SKILL.md",
    ]);
    const read = await client.readResource({ uri: "skill://pdf-processing/references/FORMS.md" });
    expect(read.contents).toEqual([
      {
        uri: "skill://pdf-processing/references/FORMS.md",
        mimeType: "text/markdown",
        text: "# Forms\nFill each field.\n",
      },
    ]);
    await expect(client.readResource({ uri: "skill://pdf-processing/missing.md" })).rejects.toMatchObject({
      code: -32002,
    });
  });

  it("rebuilds the catalog when the backend's skills change, and skips a skill whose SKILL.md is wrong", async () => {
    const { backend, endpoint } = endpointWith([PDF]);
    const client = await modernClient(endpoint);
    closers.push(
      () => client.close(),
      () => endpoint.close(),
    );
    const skills = new SkillsClient(client);
    expect((await skills.list()).skills).toHaveLength(1);
    backend.setSkills([
      PDF,
      NOTES,
      { path: "broken", files: { "SKILL.md": "---\nname: not-broken\ndescription: x\n---\n" } },
    ]);
    expect((await skills.list()).skills.map((skill) => skill.uri)).toEqual([
      "skill://pdf-processing/SKILL.md",
      "skill://team/notes/SKILL.md",
    ]);
  });

  it("declares nothing for a backend without skills", async () => {
    const { endpoint } = endpointWith([]);
    const client = await modernClient(endpoint);
    closers.push(
      () => client.close(),
      () => endpoint.close(),
    );
    // Tasks may be declared (the backend has tools); skills are not.
    expect(client.getServerCapabilities()?.extensions?.["io.modelcontextprotocol/skills"]).toBeUndefined();
    // -32601, which the SDK's entry sends with HTTP 404.
    await expect(client.request({ method: "skills/list", params: {} }, anyResult)).rejects.toMatchObject({
      status: 404,
    });
  });
});
