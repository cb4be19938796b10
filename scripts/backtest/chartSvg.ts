import type { BacktestWindowResult } from "../../shared/schemas/backtest";

const WIDTH = 800;
const HEIGHT = 300;
const PAD = 40;
/** HF above this is drawn at the top edge: the interesting part is between 0 and 3. */
const HF_CAP = 3;

/**
 * The HF with and without the rule as a hand-made SVG (two polylines, the liquidation line at 1, the trigger line,
 * a dot per proposal and a cross per liquidation), for people who read results in a terminal and a browser tab.
 */
export function chartSvg(window: BacktestWindowResult, triggerHf: number | null): string {
  const from = Date.parse(window.from);
  const span = Math.max(1, Date.parse(window.to) - from);
  const x = (iso: string) => PAD + ((Date.parse(iso) - from) / span) * (WIDTH - 2 * PAD);
  const y = (hf: number) => HEIGHT - PAD - (Math.min(hf, HF_CAP) / HF_CAP) * (HEIGHT - 2 * PAD);
  const line = (points: BacktestWindowResult["withRule"]["series"]) =>
    points
      .filter((p) => p.healthFactor !== null)
      .map((p) => `${x(p.at).toFixed(1)},${y(p.healthFactor!).toFixed(1)}`)
      .join(" ");
  const hline = (hf: number, color: string, label: string) =>
    `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(hf)}" y2="${y(hf)}" stroke="${color}" stroke-dasharray="4 4"/><text x="${WIDTH - PAD + 4}" y="${y(hf) + 4}" font-size="11" fill="${color}">${label}</text>`;
  const markers = (run: BacktestWindowResult["withRule"], color: string) =>
    run.events
      .filter((e) => e.type === "proposal" || e.type === "liquidation")
      .map((e) => {
        const cx = x(e.at).toFixed(1);
        const cy = y(e.healthFactorBefore ?? e.healthFactor ?? 0).toFixed(1);
        return e.type === "proposal"
          ? `<circle cx="${cx}" cy="${cy}" r="4" fill="${color}"><title>${escapeXml(e.message)}</title></circle>`
          : `<text x="${cx}" y="${cy}" font-size="14" fill="#d32f2f" text-anchor="middle">✕<title>${escapeXml(e.message)}</title></text>`;
      })
      .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PAD}" y="20" font-size="13">Health factor ${window.from.slice(0, 10)} – ${window.to.slice(0, 10)}: grey without the rule, blue with it</text>`,
    hline(1, "#d32f2f", "1.0"),
    triggerHf === null ? "" : hline(triggerHf, "#f57c00", String(triggerHf)),
    `<polyline fill="none" stroke="#9e9e9e" stroke-width="1.5" points="${line(window.withoutRule.series)}"/>`,
    `<polyline fill="none" stroke="#1976d2" stroke-width="1.5" points="${line(window.withRule.series)}"/>`,
    markers(window.withoutRule, "#9e9e9e"),
    markers(window.withRule, "#1976d2"),
    "</svg>",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
