/** Node error codes and the `wasi:filesystem/types.error-code` each stands for. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  EACCES: "access",
  EAGAIN: "would-block",
  EWOULDBLOCK: "would-block",
  EALREADY: "already",
  EBADF: "bad-descriptor",
  EBUSY: "busy",
  EDEADLK: "deadlock",
  EDQUOT: "quota",
  EEXIST: "exist",
  EFBIG: "file-too-large",
  EILSEQ: "illegal-byte-sequence",
  EINPROGRESS: "in-progress",
  EINTR: "interrupted",
  EINVAL: "invalid",
  EIO: "io",
  EISDIR: "is-directory",
  ELOOP: "loop",
  EMLINK: "too-many-links",
  EMSGSIZE: "message-size",
  ENAMETOOLONG: "name-too-long",
  ENODEV: "no-device",
  ENOENT: "no-entry",
  ENOLCK: "no-lock",
  ENOMEM: "insufficient-memory",
  ENOSPC: "insufficient-space",
  ENOTDIR: "not-directory",
  ERR_FS_EISDIR: "is-directory",
  ENOTEMPTY: "not-empty",
  ENOTRECOVERABLE: "not-recoverable",
  ENOTSUP: "unsupported",
  ENOTTY: "no-tty",
  ENXIO: "no-such-device",
  EOVERFLOW: "overflow",
  EPERM: "not-permitted",
  EPIPE: "pipe",
  EROFS: "read-only",
  ESPIPE: "invalid-seek",
  ETXTBSY: "text-file-busy",
  EXDEV: "cross-device",
  // Node's argument checks: a NUL byte in a path, a value of the wrong type.
  ERR_INVALID_ARG_VALUE: "invalid",
  ERR_INVALID_ARG_TYPE: "invalid",
  ERR_OUT_OF_RANGE: "invalid",
};

/**
 * The WASI filesystem error code for anything a filesystem import threw. The shim throws codes
 * (strings) for the errors it knows and rethrows the host's exception for the others, which would
 * trap the guest and carry host paths in its message; here every exception becomes a code (`io`
 * when nothing more precise fits), so a guest sees an error it can handle and no host detail.
 */
export function toFilesystemErrorCode(error: unknown): string {
  if (typeof error === "string") return error;
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && ERROR_CODES[code]) || "io";
}
