import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type GlobalDb = ReturnType<typeof createGlobalDb>;

export function createGlobalDb(d1: D1Database) {
  return drizzle(d1, { schema });
}
