import fc from "fast-check";

/** The subset of JSON Schema the OpenAPI document (generated from the zod schemas) uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/**
 * Values a schema cannot describe but the API knows (a refine such as viem's isAddress shows up as a bare
 * `string`): mixed into every string so generated requests also get past the shape checks and reach the code.
 */
export interface KnownValues {
  strings: readonly string[];
  numbers: readonly number[];
}

/** Builds fast-check arbitraries for values that fit a schema, resolving `#/components/schemas/…` refs. */
export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, JsonSchema>,
    private readonly known: KnownValues,
  ) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 8; hops++) {
      const name = current.$ref.replace("#/components/schemas/", "");
      const target = this.components[name];
      if (!target) throw new Error(`unknown $ref ${current.$ref}`);
      current = target;
    }
    return current;
  }

  /** A value that fits `schema` (or, for refinements the schema cannot say, a likely one). */
  valid(raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    if (depth > 6) return fc.constant(null);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives) return fc.oneof(...alternatives.map((s) => this.valid(s, depth + 1)));
    if (schema.allOf?.[0]) return this.valid(schema.allOf[0], depth + 1);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((type) => this.valid({ ...schema, type }, depth + 1)));
    switch (types[0]) {
      case "object":
        return this.object(schema, depth);
      case "array":
        return fc.array(schema.items ? this.valid(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 2 }), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      case "string":
        return this.string(schema);
      case "integer":
        return fc.oneof(
          fc.integer({ min: lowerBound(schema, 1), max: upperBound(schema, 1) }),
          fc.constantFrom(...this.known.numbers.filter(Number.isInteger)),
        );
      case "number":
        return fc.oneof(
          fc.double({
            min: lowerBound(schema, 1e-9),
            max: upperBound(schema, 1e-9),
            noNaN: true,
            noDefaultInfinity: true,
          }),
          fc.constantFrom(...this.known.numbers),
        );
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private object(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const shape = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, this.valid(value, depth + 1)]),
    );
    return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
  }

  private string(schema: JsonSchema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? 40, 200);
    const known = fc.constantFrom(...this.known.strings);
    if (schema.format === "uuid") return fc.uuid();
    if (schema.format === "date-time") {
      return fc
        .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
        .map((d) => d.toISOString());
    }
    if (schema.pattern) {
      let pattern: RegExp | undefined;
      try {
        pattern = new RegExp(schema.pattern);
      } catch {
        pattern = undefined;
      }
      if (pattern)
        return fc.oneof(
          fc.stringMatching(pattern).filter((s) => s.length <= 300),
          known,
        );
    }
    return fc.oneof(fc.string({ minLength: min, maxLength: Math.max(min, max) }), known);
  }
}

const lowerBound = (schema: JsonSchema, step: number) =>
  schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1e6 : schema.exclusiveMinimum + step);
const upperBound = (schema: JsonSchema, step: number) =>
  schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1e6 : schema.exclusiveMaximum - step);
