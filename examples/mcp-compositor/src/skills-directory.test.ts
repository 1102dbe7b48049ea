import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ResourceListChangedNotificationSchema, ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpEndpoint, createPlainBackend } from "@wasi-mcp/router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCompositeBackend } from "./composite-backend.js";
import { SkillsDirectory } from "./skills-directory.js";

const manifest = (name: string) => `---\nname: ${name}\ndescription: The ${name} skill\n---\nBody.\n`;
const anyResult = ResultSchema;

describe("the compositor's skills (SEP-2640)", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "compositor-skills-"));
    await mkdir(join(dir, "pdf-processing", "references"), { recursive: true });
    await writeFile(join(dir, "pdf-processing", "SKILL.md"), manifest("pdf-processing"));
    await writeFile(join(dir, "pdf-processing", "references", "FORMS.md"), "# Forms\n");
    await writeFile(join(dir, ".hidden"), "x");
    await symlink("/etc/hostname", join(dir, "pdf-processing", "outside.txt"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a folder of skills, skipping hidden entries and symlinks, within its bounds", async () => {
    const skills = await SkillsDirectory.open({ directory: dir, prefix: "docs" });
    expect(skills.bundles.map((b) => [b.path, Object.keys(b.files).sort()])).toEqual([
      ["docs/pdf-processing", ["SKILL.md", "references/FORMS.md"]],
    ]);
    await expect(SkillsDirectory.open({ directory: dir, maxFiles: 1 })).rejects.toThrow(/more than 1 files/);
  });

  it("serves the folder's skills beside the members', namespaced like their tools", async () => {
    const member = createPlainBackend({
      name: "notes",
      version: "1.0.0",
      tools: [{ name: "noop", inputSchema: { type: "object" }, call: () => ({ content: [] }) }],
      skills: [{ path: "take-notes", files: { "SKILL.md": manifest("take-notes") } }],
    });
    const directory = await SkillsDirectory.open({ directory: dir });
    const backend = createCompositeBackend([{ namespace: "notes", backend: member }], {
      name: "c",
      version: "0",
      skills: () => directory.bundles,
    });
    const endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = endpoint.serveChannel(serverSide);
    const client = new Client({ name: "t", version: "0" });
    await client.connect(clientSide);
    try {
      const listed = await client.request({ method: "skills/list", params: {} }, anyResult);
      expect((listed.skills as { uri: string }[]).map((s) => s.uri)).toEqual([
        "skill://notes/take-notes/SKILL.md",
        "skill://pdf-processing/SKILL.md",
      ]);
      const forms = await client.readResource({ uri: "skill://pdf-processing/references/FORMS.md" });
      expect(forms.contents).toMatchObject([{ text: "# Forms\n" }]);
      // A change of the folder, once re-read, is a resources list change for the sessions.
      let changed = 0;
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void changed++);
      await mkdir(join(dir, "summaries"));
      await writeFile(join(dir, "summaries", "SKILL.md"), manifest("summaries"));
      await directory.reload();
      backend.skillsChanged();
      await expect.poll(() => changed).toBe(1);
      const after = await client.request({ method: "skills/list", params: {} }, anyResult);
      expect((after.skills as { uri: string }[]).map((s) => s.uri)).toContain("skill://summaries/SKILL.md");
    } finally {
      await client.close();
      await served.close();
      await endpoint.close();
    }
  });
});
