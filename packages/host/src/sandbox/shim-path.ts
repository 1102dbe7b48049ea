// The lexical half of preview2-shim 0.25's `Descriptor#getFullPath` (dist/nodejs/filesystem.js),
// ported line for line so that the guard decides on exactly the path the shim will use. If the
// shim is upgraded, compare this file with its `#getFullPath` first (shim-path.test.ts pins the
// behaviour on the cases that matter).

/**
 * Normalises a guest path the way preview2-shim does before it touches the host: `\` becomes
 * `/`, runs of `/` collapse, `.` segments vanish and `..` removes the segment before it. A path
 * that starts with `/` or climbs above its descriptor is refused with the WASI code
 * `not-permitted`, as the shim refuses it. The result is relative and keeps a trailing `/`.
 */
export function normalizeGuestPath(subpath: string): string {
  let path = subpath;
  if (path.indexOf("\\") !== -1) path = path.replace(/\\/g, "/");
  if (path.indexOf("//") !== -1) path = path.replace(/\/\/+/g, "/");
  if (path[0] === "/") throw "not-permitted";
  const segments: string[] = [];
  let segmentIndex = -1;
  for (let i = 0; i < path.length; i++) {
    if (segmentIndex !== -1) {
      if (path[i] === "/") {
        segments.push(path.slice(segmentIndex, i + 1));
        segmentIndex = -1;
      }
      continue;
    }
    if (path[i] === ".") {
      if (path[i + 1] === "." && (path[i + 2] === "/" || i + 2 === path.length)) {
        if (segments.pop() === undefined) throw "not-permitted";
        i += 2;
        continue;
      }
      if (path[i + 1] === "/" || i + 1 === path.length) {
        i += 1;
        continue;
      }
    }
    while (path[i] === "/") i++;
    segmentIndex = i;
  }
  if (segmentIndex !== -1) segments.push(path.slice(segmentIndex));
  return segments.join("");
}

/**
 * The host path the shim builds for `subpath` under a descriptor whose own host path is `base`
 * (a preopen's directory, or the path a descriptor was opened at), as `#getFullPath` joins them.
 */
export function shimFullPath(base: string, subpath: string): string {
  const relative = normalizeGuestPath(subpath);
  if (base.endsWith("/")) return base + relative;
  return base + (relative.length > 0 ? "/" : "") + relative;
}
