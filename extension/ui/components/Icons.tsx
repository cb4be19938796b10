// Inline SVG icons: no icon font, no emoji (which depend on the system's fonts).
const common = {
  width: 24,
  height: 24,
  viewBox: "0 0 24 24",
  fill: "none",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

export function LockIcon({ color = "var(--accent)" }: { color?: string }) {
  return (
    <svg {...common} stroke={color}>
      <title>Signed out</title>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

export function AlertIcon({ color = "var(--danger)" }: { color?: string }) {
  return (
    <svg {...common} stroke={color}>
      <title>Error</title>
      <path d="M12 3 2 20h20L12 3z" />
      <path d="M12 10v4" />
      <path d="M12 17h.01" />
    </svg>
  );
}

export function EmptyIcon({ color = "var(--accent)" }: { color?: string }) {
  return (
    <svg {...common} stroke={color}>
      <title>Nothing here yet</title>
      <path d="M3 12h4l2 3h6l2-3h4" />
      <path d="M5 12 7 5h10l2 7v6a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-6z" />
    </svg>
  );
}
