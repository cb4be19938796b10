import { reliabilityBins } from "./metrics";

const COLORS = { model: "#2563eb", gbm: "#dc2626", hfOnly: "#16a34a" } as const;

/** A reliability diagram (predicted vs observed frequency, 10 bins, dot area ∝ count) as a standalone SVG. */
export function reliabilitySvg(
  title: string,
  labels: readonly number[],
  series: Record<keyof typeof COLORS, readonly number[]>,
): string {
  const size = 420;
  const pad = 50;
  const plot = size - 2 * pad;
  const x = (v: number) => pad + v * plot;
  const y = (v: number) => size - pad - v * plot;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 40}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${size / 2}" y="20" text-anchor="middle" font-size="13">${title}</text>`,
    `<rect x="${pad}" y="${pad}" width="${plot}" height="${plot}" fill="none" stroke="#999"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>`,
    `<text x="${size / 2}" y="${size - 15}" text-anchor="middle">predicted probability</text>`,
    `<text x="15" y="${size / 2}" text-anchor="middle" transform="rotate(-90 15 ${size / 2})">observed frequency</text>`,
  ];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<text x="${x(t)}" y="${size - pad + 14}" text-anchor="middle">${t}</text>`);
    parts.push(`<text x="${pad - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  (Object.keys(COLORS) as (keyof typeof COLORS)[]).forEach((name, i) => {
    const bins = reliabilityBins(series[name], labels).filter((b) => b.count > 0);
    const points = bins
      .map((b) => `${x(b.meanPredicted).toFixed(1)},${y(b.observedRate).toFixed(1)}`)
      .join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${COLORS[name]}" stroke-width="1.5"/>`);
    for (const b of bins) {
      const r = 2 + 6 * Math.sqrt(b.count / labels.length);
      parts.push(
        `<circle cx="${x(b.meanPredicted).toFixed(1)}" cy="${y(b.observedRate).toFixed(1)}" r="${r.toFixed(1)}" fill="${COLORS[name]}" fill-opacity="0.6"/>`,
      );
    }
    parts.push(
      `<rect x="${pad + 10}" y="${pad + 10 + i * 16}" width="10" height="10" fill="${COLORS[name]}"/>`,
    );
    parts.push(`<text x="${pad + 26}" y="${pad + 19 + i * 16}">${name}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
