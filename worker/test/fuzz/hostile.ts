import fc from "fast-check";

// Inputs "around" a schema: what a careless or hostile client sends instead of what the schema says.

/**
 * JSON text that JSON.stringify cannot produce (NaN, 1e999, 5000-deep nesting, a __proto__ key): a generated
 * value holds a placeholder string and `toJsonText` swaps the raw text in.
 */
const RAW_TOKENS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-1e999",
  "1e-400",
  "-0",
  "123456789012345678901234567890123456789012345678901234567890",
  "0x10",
  "01",
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`,
  '{"__proto__":{"admin":true,"enabled":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '"\\ud800"',
  '"\\u0000"',
] as const;

const placeholder = (index: number) => `@@raw${index}@@`;
const PLACEHOLDER = /"@@raw(\d+)@@"/g;

export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(
    PLACEHOLDER,
    (_, index: string) => RAW_TOKENS[Number(index)] ?? "null",
  );
}

const rawToken = fc.nat({ max: RAW_TOKENS.length - 1 }).map(placeholder);

const weirdNumbers = fc.constantFrom(
  -1,
  0,
  -1e308,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  1e21,
  5e-324,
  -5e-324,
  0.1 + 0.2,
  1e12 + 1,
);

const weirdStrings = fc.constantFrom(
  "",
  " ",
  "\u202Eevil\u202C",
  "\u2066name\u2069",
  "line\nbreak",
  "nul\u0000byte",
  "tab\there",
  "\u00A0\u200B",
  "\uFEFFbom",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧨",
  "\uD800",
  "x".repeat(10_000),
  "0x",
  `0x${"0".repeat(40)}`,
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "null",
  "true",
  "-1",
  "1e999",
  "NaN",
);

/** One value of the wrong kind, an edge number, an odd string, deep nesting or a raw JSON oddity. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  weirdStrings,
  weirdNumbers,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
  rawToken,
);

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths(item, [...prefix, i], out);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  }
  return out;
}

export type Mutation = { op: "replace" | "delete" | "add"; at: number; key: string; value: unknown };

/** Applies one mutation at one of the value's paths (chosen by `at`), on a copy. */
export function mutate(value: unknown, mutation: Mutation): unknown {
  const all = paths(value);
  const path = all[mutation.at % all.length] ?? [];
  if (path.length === 0)
    return mutation.op === "add" ? { ...asObject(value), [mutation.key]: mutation.value } : mutation.value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (mutation.op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (
    mutation.op === "add" &&
    parent[last] &&
    typeof parent[last] === "object" &&
    !Array.isArray(parent[last])
  ) {
    (parent[last] as Record<string, unknown>)[mutation.key] = mutation.value;
  } else {
    parent[last] = mutation.value;
  }
  return copy;
}

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("replace", "replace", "delete", "add"),
  at: fc.nat(),
  key: fc.constantFrom("extra", "__proto__", "constructor", "", "admin", "userId", "id", "status"),
  value: hostileValue,
});

/** Body text that is not a JSON value of any use: empty, truncated, two values, JS syntax, a BOM. */
export const garbageText = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "}",
    "[",
    "null",
    "[]",
    '{"a":',
    "\uFEFF{}",
    "{'a':1}",
    "undefined",
    '{"a":1}{"b":2}',
    "%7B%7D",
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/** Larger than the 64 KiB body limit. */
export const oversizeText = fc
  .integer({ min: 65 * 1024, max: 80 * 1024 })
  .map((n) => `{"x":"${"a".repeat(n)}"}`);

export const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      "",
      "text/plain",
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/vnd.api+json",
      "application/jsonx",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=vigil",
      "application/json; charset",
      "*/*",
    ),
  },
);

/** Printable ASCII: what a header value may hold (the Request constructor refuses CR, LF and NUL). */
export const headerText = fc.stringMatching(/^[\x20-\x7E]{0,200}$/);

/** A path segment where an id goes: ids that exist, ids that do not, and no id at all. */
export const idSegment = (existing: readonly string[]) =>
  fc.oneof(
    fc.uuid().map((id) => id),
    ...(existing.length > 0 ? [fc.constantFrom(...existing)] : []),
    fc.constantFrom("-1", "0", "1e999", "null", "%00", "%2F", "%E2%80%AE", "a".repeat(3000)),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
  );

/** Query values as text: the schema's own ones, edge numbers, odd strings, or the parameter twice. */
export const queryText = fc.oneof(
  weirdStrings.filter((s) => s.length < 5000),
  fc.constantFrom("-1", "0", "1e999", "NaN", "0x10", " 5", "5.5", "999999999999999999999"),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);
