import type { Context } from "hono";
import type { z } from "zod";
import type { FieldError } from "../../../shared/schemas/errors";
import { ValidationError } from "../../errors";
import type { AppEnv } from "../appEnv";
import { respondWithError } from "./respond";

type Location = FieldError["location"];

const LOCATIONS: Record<string, Location> = {
  json: "body",
  form: "body",
  query: "query",
  param: "params",
  header: "header",
  cookie: "header",
};

export function fieldErrors(error: z.ZodError, location: Location): FieldError[] {
  return error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError, location: Location): ValidationError {
  const fields = fieldErrors(error, location);
  const first = fields[0];
  const summary = first ? `${first.path}: ${first.message}` : "invalid input";
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : "";
  return new ValidationError(`Invalid ${location}: ${summary}${more}.`, fields);
}

/** zod-openapi's defaultHook: every failed request validation becomes our 400 body. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
  c: Context<AppEnv>,
): Response | undefined {
  if (result.success) return undefined;
  return respondWithError(c, validationError(result.error, LOCATIONS[result.target] ?? "body"));
}
