/** Time left on a proposal, for people: "expires in 14:05", "expires in 2 h 10 min", "expired". */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return "expired";
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `expires in ${hours} h ${minutes} min`;
  return `expires in ${minutes}:${String(seconds).padStart(2, "0")}`;
}
