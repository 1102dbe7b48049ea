/**
 * `policy.allowedHosts`, parsed once. An entry is `[scheme://]host[:port]`:
 *
 * - `host` is a DNS name (`api.example.com`), a wildcard `*.example.com` (any name *under*
 *   example.com, at any depth — not example.com itself), an IPv4 literal (`127.0.0.1`) or a
 *   bracketed IPv6 literal (`[::1]`). Names compare case-insensitively, a trailing dot ignored.
 *   A wildcard never matches an IP literal, and names are compared as written, not resolved: a
 *   loopback or private address is reachable only when it (or a name such as `localhost`) is
 *   listed itself.
 * - `port`: that port only; `*`: any port; absent: the scheme's default port (80 for http, 443
 *   for https) only.
 * - `scheme` (`http` or `https`): that scheme only; absent: both.
 *
 * Every request is checked on its own — a redirect that `fetch` follows is a new request and is
 * checked again.
 */
export interface HostRule {
  scheme: "http" | "https" | undefined;
  /** Lower-case name or literal; for a wildcard, the suffix after `*.` . */
  host: string;
  wildcard: boolean;
  /** A port, `"*"` for any, or undefined for the scheme's default. */
  port: number | "*" | undefined;
  /** The entry as written, for messages. */
  entry: string;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;
const NAME =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** Parses one entry; throws a RangeError naming it when it is not of the documented form. */
export function parseHostRule(entry: string): HostRule {
  const invalid = (why: string) =>
    new RangeError(`[@wasi-mcp/host] policy.allowedHosts entry ${JSON.stringify(entry)} ${why}`);
  if (typeof entry !== "string" || entry.trim() === "") throw invalid("must be a non-empty string");
  let rest = entry.trim().toLowerCase();
  let scheme: HostRule["scheme"];
  const schemeMatch = /^([a-z]+):\/\//.exec(rest);
  if (schemeMatch) {
    if (schemeMatch[1] !== "http" && schemeMatch[1] !== "https") throw invalid("may only name http or https");
    scheme = schemeMatch[1];
    rest = rest.slice(schemeMatch[0].length);
  }
  if (rest.includes("/") || rest.includes("@") || rest.includes("?"))
    throw invalid("must be [scheme://]host[:port]");
  let port: HostRule["port"];
  const portMatch = /:(\d+|\*)$/.exec(rest);
  if (portMatch && !(rest.startsWith("[") && !rest.includes("]:"))) {
    port = portMatch[1] === "*" ? "*" : Number(portMatch[1]);
    if (port !== "*" && !(port >= 1 && port <= 65535)) throw invalid("has a port outside 1-65535");
    rest = rest.slice(0, -portMatch[0].length);
  }
  rest = rest.replace(/\.$/, "");
  const wildcard = rest.startsWith("*.");
  if (wildcard) rest = rest.slice(2);
  const valid = IPV6.test(rest)
    ? !wildcard
    : isIpv4(rest)
      ? !wildcard
      : NAME.test(rest) && !rest.includes("*");
  if (!valid) throw invalid("is not a host name, *.name, IPv4 or [IPv6] literal");
  return { scheme, host: rest, wildcard, port, entry };
}

/** Whether a request to `authority` (`host[:port]`, as the guest set it) over `scheme` is allowed. */
export function isHostAllowed(rules: readonly HostRule[], scheme: string, authority: string): boolean {
  const target = parseAuthority(scheme, authority);
  if (!target) return false;
  return rules.some((rule) => matches(rule, target));
}

/** A request's destination as its authority names it. */
export interface Target {
  scheme: "http" | "https";
  host: string;
  port: number;
  literal: boolean;
}

/** Splits an authority; refuses userinfo, bad ports and schemes other than http(s). */
export function parseAuthority(scheme: string, authority: string): Target | undefined {
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme !== "http" && lowerScheme !== "https") return undefined;
  const text = authority.trim().toLowerCase();
  if (text === "" || text.includes("@") || text.includes("/")) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? DEFAULT_PORTS[lowerScheme] : Number(match[2]);
  if (!(port >= 1 && port <= 65535)) return undefined;
  const host = match[1].replace(/\.$/, "");
  return { scheme: lowerScheme, host, port, literal: IPV6.test(host) || isIpv4(host) };
}

function matches(rule: HostRule, target: Target): boolean {
  if (rule.scheme && rule.scheme !== target.scheme) return false;
  const port = rule.port ?? DEFAULT_PORTS[target.scheme];
  if (port !== "*" && port !== target.port) return false;
  if (!rule.wildcard) return rule.host === target.host;
  return !target.literal && target.host.endsWith(`.${rule.host}`);
}

function isIpv4(text: string): boolean {
  const match = IPV4.exec(text);
  return Boolean(match?.slice(1).every((octet) => Number(octet) <= 255));
}
