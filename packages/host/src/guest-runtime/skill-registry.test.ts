import { describe, expect, it } from "vitest";
import { GuestError } from "./guest-error.js";
import { SkillRegistry } from "./skill-registry.js";

const text = (value: string) => new TextEncoder().encode(value);
const skill = (path: string, files: Record<string, string> = { "SKILL.md": "---\nname: x\n---\n" }) => ({
  path,
  files: Object.entries(files).map(([file, content]) => ({ path: file, content: text(content) })),
});

describe("SkillRegistry", () => {
  it("keeps skills in order and removes them by path", () => {
    const registry = new SkillRegistry();
    registry.register([skill("a"), skill("team/b", { "SKILL.md": "s", "refs/GUIDE.md": "g" })]);
    expect(registry.list().map((s) => [s.path, Object.keys(s.files)])).toEqual([
      ["a", ["SKILL.md"]],
      ["team/b", ["SKILL.md", "refs/GUIDE.md"]],
    ]);
    registry.unregister(["a"]);
    expect(registry.list().map((s) => s.path)).toEqual(["team/b"]);
  });

  it.each([
    ["a path that is no skill name", [skill("Bad_Name")], /lowercase names/],
    ["a file that leaves the directory", [skill("a", { "SKILL.md": "s", "../x": "x" })], /leaves/],
    ["no SKILL.md", [skill("a", { "README.md": "r" })], /no SKILL.md/],
    ["a repeated path", [skill("a"), skill("a")], /duplicate skill path/],
  ])("refuses %s, adding nothing", (_, batch, message) => {
    const registry = new SkillRegistry();
    expect(() => registry.register(batch)).toThrow(message);
    expect(() => registry.register(batch)).toThrow(GuestError);
    expect(registry.list()).toEqual([]);
  });

  it("bounds skills, files per skill and bytes by the policy", () => {
    const limits = { maxSkills: 2, maxFilesPerSkill: 2, maxBytes: 32 };
    expect(() => new SkillRegistry(limits).register([skill("a"), skill("b"), skill("c")])).toThrow(
      /maxSkills/,
    );
    expect(() =>
      new SkillRegistry(limits).register([skill("a", { "SKILL.md": "s", "1": "1", "2": "2" })]),
    ).toThrow(/maxFilesPerSkill/);
    const registry = new SkillRegistry(limits);
    registry.register([skill("a", { "SKILL.md": "x".repeat(30) })]);
    expect(() => registry.register([skill("b", { "SKILL.md": "xxx" })])).toThrow(/maxBytes/);
    registry.unregister(["a"]);
    registry.register([skill("b", { "SKILL.md": "xxx" })]);
    expect(() => registry.unregister(["a"])).toThrow(/is not registered/);
  });
});
