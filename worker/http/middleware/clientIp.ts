/**
 * The key a per-IP limit counts under. IPv4 addresses count one by one; IPv6 ones by their /64, because one
 * subscriber (one home, one VM) usually holds a whole /64 and could otherwise rotate through 2^64 keys.
 */
export function ipLimitKey(ip: string): string | null {
  const v4 = parseIpv4(ip);
  if (v4) return `ip:${v4.join(".")}`;
  const groups = parseIpv6(ip);
  if (!groups) return null;
  // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 client, not a /64 of its own.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `ip:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (with `::`, an IPv4 tail, a zone id), or null if it is not one. */
function parseIpv6(text: string): number[] | null {
  let address = text.trim().toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(":") || address.length > 45) return null;
  const tailStart = address.lastIndexOf(":") + 1;
  const tail = address.slice(tailStart);
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    address = `${address.slice(0, tailStart)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const split = (half: string | undefined) => (half ? half.split(":") : []);
  const head = split(halves[0]);
  const rest = split(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return all.map((group) => Number.parseInt(group, 16));
}
