/**
 * A 106-bit fingerprint of a string (cyrb53 under two seeds), as 2 × 14 hex digits: what a position watch keeps
 * per watched user to tell whether a renewed registration changed, instead of the registration's whole JSON
 * (~350 bytes each, for up to ~10^5 users per object). Not for anything an attacker chooses to collide: a user's
 * registration is built by its own object from the chain.
 */
export function fingerprint(text: string): string {
  return `${cyrb53(text, 0x9e3779b9).toString(16).padStart(14, "0")}${cyrb53(text, 0x85ebca6b)
    .toString(16)
    .padStart(14, "0")}`;
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
