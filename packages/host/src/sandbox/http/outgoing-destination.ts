import { type HostRule, isHostAllowed, parseAuthority, type Target } from "./allowed-hosts.js";
import { addressKind } from "./ip-address.js";

/**
 * The second half of `policy.allowedHosts`: which address a request admitted by its name may
 * connect to. The host resolves the name itself and connects to the address it checked, so a DNS
 * answer cannot steer an admitted name elsewhere afterwards (no rebinding window).
 *
 * - A public address is fine for any admitted name.
 * - A loopback, private, link-local, unspecified or reserved address is reached only when an IP
 *   literal entry admits that very address (scheme and port rules included) — or, for loopback
 *   addresses, when the name is `localhost` and `localhost` is listed itself.
 * - `localhost` is never looked up (RFC 6761): it is 127.0.0.1, then ::1; and it is admitted by a
 *   `localhost` entry or by a loopback literal entry (`127.0.0.1`, `[::1]`) for its scheme and port.
 */
export type AddressChoice = { address: string } | { refused: string };

/** The request's target when its name (or, for `localhost`, a loopback literal) is admitted. */
export function admittedTarget(
  rules: readonly HostRule[],
  scheme: string,
  authority: string,
): Target | undefined {
  const target = parseAuthority(scheme, authority);
  if (!target) return undefined;
  if (isHostAllowed(rules, target.scheme, authority)) return target;
  if (target.host === "localhost" && LOCALHOST.some((address) => literalAllowed(rules, target, address)))
    return target;
  return undefined;
}

/** The addresses to consider without asking DNS (literals and `localhost`), or undefined. */
export function fixedAddresses(target: Target): string[] | undefined {
  if (target.literal) return [target.host.replace(/^\[|\]$/g, "")];
  if (target.host === "localhost") return [...LOCALHOST];
  return undefined;
}

/** The first of `addresses` the policy lets `target` connect to, or why none. */
export function chooseAddress(
  rules: readonly HostRule[],
  target: Target,
  addresses: readonly string[],
): AddressChoice {
  const byName = isHostAllowed(rules, target.scheme, `${target.host}:${target.port}`);
  for (const address of addresses) {
    const kind = addressKind(address);
    if (kind === "public" && !target.literal) return { address };
    if (target.host === "localhost" && kind === "loopback" && byName) return { address };
    if (literalAllowed(rules, target, address)) return { address };
  }
  const first = addresses[0];
  if (first === undefined) return { refused: `${target.host} has no address` };
  return {
    refused:
      `${target.host} resolves to ${first} (${addressKind(first)}), which no IP-literal entry of the ` +
      `component's policy.allowedHosts admits`,
  };
}

const LOCALHOST = ["127.0.0.1", "::1"] as const;

function literalAllowed(rules: readonly HostRule[], target: Target, address: string): boolean {
  const literal = address.includes(":") ? `[${address}]` : address;
  return isHostAllowed(rules, target.scheme, `${literal}:${target.port}`);
}
