import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Bytes of an HTML entry's own file plus every script, module preload and stylesheet it references. */
export function htmlEntryBytes(extensionDir: string, html: string): number {
  const text = readFileSync(join(extensionDir, html), "utf8");
  const refs = [...text.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] as string);
  return (
    statSync(join(extensionDir, html)).size +
    refs.reduce((sum, ref) => sum + statSync(join(extensionDir, ref)).size, 0)
  );
}

export function fileBytes(extensionDir: string, file: string): number {
  return statSync(join(extensionDir, file)).size;
}
