// The part of wasi:filesystem@0.2.12 this component uses, as ComponentizeJS binds it: resources are
// classes, `result` errors are thrown (the error code in `payload`), u64 values are bigints.
declare module "wasi:filesystem/types@0.2.12" {
  export type DescriptorType =
    | "unknown"
    | "block-device"
    | "character-device"
    | "directory"
    | "fifo"
    | "symbolic-link"
    | "regular-file"
    | "socket";
  export interface DirectoryEntry {
    type: DescriptorType;
    name: string;
  }
  export class DirectoryEntryStream {
    readDirectoryEntry(): DirectoryEntry | undefined;
  }
  export interface DescriptorStat {
    type: DescriptorType;
    size: bigint;
  }
  export class Descriptor {
    openAt(
      pathFlags: { symlinkFollow?: boolean },
      path: string,
      openFlags: { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean },
      flags: { read?: boolean; write?: boolean },
    ): Descriptor;
    read(length: bigint, offset: bigint): [Uint8Array, boolean];
    readDirectory(): DirectoryEntryStream;
    stat(): DescriptorStat;
    statAt(pathFlags: { symlinkFollow?: boolean }, path: string): DescriptorStat;
  }
}

declare module "wasi:filesystem/preopens@0.2.12" {
  import type { Descriptor } from "wasi:filesystem/types@0.2.12";
  export function getDirectories(): Array<[Descriptor, string]>;
}
