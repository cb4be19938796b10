/**
 * The plan's rule limit, said before the user fills a form the API would refuse: null while there is room
 * (or no limit), else why "New rule" is off and what to do.
 */
export function ruleLimitReached(count: number, maxRules: number | null): string | null {
  if (maxRules === null || count < maxRules) return null;
  return `The Free plan allows ${maxRules} rule${maxRules === 1 ? "" : "s"}, and all are in use. Delete one to add another.`;
}
