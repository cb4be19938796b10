/**
 * A schema built the first time it is asked for. The content script runs on every load of a matched page and
 * most pages never send it a message: constructing its zod schemas up front was most of its script time.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
