// The shapes of preview2-shim's filesystem objects and arguments the guard works with.

export interface Descriptor {
  metadataHash(): { upper: bigint; lower: bigint };
  getType(): string;
  readDirectory(): unknown;
  openAt(...args: unknown[]): Descriptor;
  [Symbol.dispose](): void;
}

export type Method = (this: object, ...args: unknown[]) => unknown;

export type Flags = { symlinkFollow?: boolean } | undefined;

export type OpenFlags = { create?: boolean; truncate?: boolean; directory?: boolean } | undefined;

export type DescriptorFlags = { write?: boolean; mutateDirectory?: boolean } | undefined;
