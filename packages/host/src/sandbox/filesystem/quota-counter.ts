// Kept apart from preopen-quota.ts (which reads the disk): the policy, which the browser host's
// bundle imports too, makes the counters.

/** A shared counter for one grant's `maxBytes` quota, not yet measured (-1). */
export function newQuotaCounter(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(8);
  new BigInt64Array(buffer)[0] = -1n;
  return buffer;
}
