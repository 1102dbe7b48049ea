import { BlockList, isIPv4, isIPv6 } from "node:net";

/** What kind of destination an IP address is; everything but `"public"` is refused unless listed. */
export type AddressKind = "public" | "loopback" | "private" | "link-local" | "unspecified" | "reserved";

const RANGES: readonly [AddressKind, string, number, "ipv4" | "ipv6"][] = [
  ["unspecified", "0.0.0.0", 8, "ipv4"],
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["private", "100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["link-local", "169.254.0.0", 16, "ipv4"], // includes cloud metadata (169.254.169.254)
  ["reserved", "192.0.0.0", 24, "ipv4"],
  ["reserved", "192.0.2.0", 24, "ipv4"],
  ["reserved", "198.18.0.0", 15, "ipv4"],
  ["reserved", "198.51.100.0", 24, "ipv4"],
  ["reserved", "203.0.113.0", 24, "ipv4"],
  ["reserved", "224.0.0.0", 3, "ipv4"], // multicast, reserved, broadcast
  ["unspecified", "::", 128, "ipv6"],
  ["loopback", "::1", 128, "ipv6"],
  ["private", "fc00::", 7, "ipv6"],
  ["link-local", "fe80::", 10, "ipv6"],
  ["reserved", "fec0::", 10, "ipv6"],
  ["reserved", "ff00::", 8, "ipv6"],
  ["reserved", "100::", 64, "ipv6"],
  ["reserved", "2001:db8::", 32, "ipv6"],
];

const LISTS = new Map<AddressKind, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  LISTS.set(kind, list);
  list.addSubnet(network, prefix, family);
}

/**
 * The kind of an IPv4 or IPv6 address (IPv6 forms that embed an IPv4 address — mapped
 * `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, the deprecated compatible `::a.b.c.d` — are judged by
 * that address). Throws on a string that is not an address.
 */
export function addressKind(address: string): AddressKind {
  const embedded = embeddedIpv4(address);
  if (embedded) return addressKind(embedded);
  const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
  if (!family) throw new TypeError(`not an IP address: ${address}`);
  for (const [kind, list] of LISTS) if (list.check(address, family)) return kind;
  return "public";
}

function embeddedIpv4(address: string): string | undefined {
  if (!isIPv6(address)) return undefined;
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
