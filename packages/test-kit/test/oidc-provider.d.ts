// The part of oidc-provider (which ships no types) that test/auth.test.ts uses.
declare module "oidc-provider" {
  import type { RequestListener } from "node:http";

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    /** The provider as a `node:http` request listener. */
    callback(): RequestListener;
  }
}
