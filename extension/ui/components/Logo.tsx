/** Vigil's mark: an eye-shaped watch glyph in the accent colour. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path
        d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z"
        fill="none"
        stroke="var(--accent)"
        strokeWidth="2"
      />
      <circle cx="12" cy="12" r="3.2" fill="var(--accent)" />
    </svg>
  );
}
