import type { IncomingMessage, ServerResponse } from "node:http";
import {
  metadataPaths,
  metadataUrl,
  type ProtectedResource,
  protectedResourceMetadata,
} from "./resource-metadata.js";

/** Answers GET on the RFC 9728 metadata paths of a protected resource, readable from any origin. */
export class ResourceMetadataEndpoint {
  /** The document's URL, for `resource_metadata` in challenges. */
  readonly url: string;
  private readonly paths: ReadonlySet<string>;
  private readonly body: string;

  constructor(resource: ProtectedResource) {
    this.url = metadataUrl(resource.resource);
    this.paths = new Set(metadataPaths(resource.resource));
    this.body = JSON.stringify(protectedResourceMetadata(resource));
  }

  /** Answers `req` when it asks for the document; false for any other path. */
  answer(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (!this.paths.has(path)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    res
      .writeHead(200, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
        "cache-control": "max-age=3600",
      })
      .end(req.method === "HEAD" ? undefined : this.body);
    return true;
  }
}
