// The `wasi:mcp/runtime` import as a module: ComponentizeJS binds it inside the component; the
// kit's bundle leaves it external. Types come from the jco-generated bindings.
declare module "wasi:mcp/runtime@0.2.0" {
  import type { RuntimeImports } from "@wasi-mcp/bindings";
  export const registerServer: RuntimeImports["registerServer"];
  export const registerTools: RuntimeImports["registerTools"];
  export const registerResources: RuntimeImports["registerResources"];
  export const registerResourceTemplates: RuntimeImports["registerResourceTemplates"];
  export const registerPrompts: RuntimeImports["registerPrompts"];
  export const serve: RuntimeImports["serve"];
  export const sendNotification: RuntimeImports["sendNotification"];
  export const log: RuntimeImports["log"];
  export const reportProgress: RuntimeImports["reportProgress"];
  export const getClientCapabilities: RuntimeImports["getClientCapabilities"];
  export const requestSampling: RuntimeImports["requestSampling"];
  export const requestElicitation: RuntimeImports["requestElicitation"];
  export const requestInput: RuntimeImports["requestInput"];
  export const requestRoots: RuntimeImports["requestRoots"];
  export const unregisterTools: RuntimeImports["unregisterTools"];
  export const unregisterResources: RuntimeImports["unregisterResources"];
  export const unregisterResourceTemplates: RuntimeImports["unregisterResourceTemplates"];
  export const unregisterPrompts: RuntimeImports["unregisterPrompts"];
  export const setCacheHint: RuntimeImports["setCacheHint"];
  export const setTaskSupport: RuntimeImports["setTaskSupport"];
}

// `wasi:mcp/skills` (WIT 0.2.0, added additively): the skills a component ships.
declare module "wasi:mcp/skills@0.2.0" {
  import type { SkillsImports } from "@wasi-mcp/bindings";
  export const registerSkills: SkillsImports["registerSkills"];
  export const unregisterSkills: SkillsImports["unregisterSkills"];
}
