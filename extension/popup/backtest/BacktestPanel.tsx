import { lazy, Suspense, useState } from "react";
import type { BacktestResponse, NamedWindow } from "../../../shared/schemas/backtest";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { asMessageError } from "../useBackgroundData";
import { summaryRows } from "./backtestChart";
import { POPUP_WINDOWS, requestedWindows } from "./backtestWindows";

// recharts loads in its own chunk, as the history tab's does.
const BacktestChart = lazy(() => import("./BacktestChart"));

interface BacktestPanelProps {
  /** A saved rule by id, or the form's draft as POST /rules takes it. */
  target: { ruleId: string } | { rule: Record<string, unknown> };
  /** Drawn as the trigger line when the rule watches the health factor. */
  triggerHealthFactor: number | null;
  onClose(): void;
}

/** "Test on history": the rule replayed on the user's current position through past crashes. */
export function BacktestPanel({ target, triggerHealthFactor, onClose }: BacktestPanelProps) {
  const [selected, setSelected] = useState<Set<NamedWindow>>(new Set(["june_2022"]));
  const [range, setRange] = useState({ from: "", to: "" });
  const [signDelayMinutes, setSignDelayMinutes] = useState(10);
  const [result, setResult] = useState<BacktestResponse | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const [running, setRunning] = useState(false);

  const toggle = (name: NamedWindow) =>
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  async function run() {
    setRunning(true);
    setError(null);
    try {
      const windows = requestedWindows(selected, range);
      setResult(
        await sendToBackground({ type: "rules/backtest", body: { ...target, windows, signDelayMinutes } }),
      );
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="card stack" data-testid="backtest">
      <div className="spread">
        <h3>Test on history</h3>
        <button type="button" className="button link small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="small muted">
        Your current position replayed hour by hour through past price moves, without and with this rule.
      </p>
      <fieldset className="stack">
        {POPUP_WINDOWS.map((w) => (
          <label key={w.name} className="check small">
            <input
              type="checkbox"
              checked={selected.has(w.name)}
              onChange={() => toggle(w.name)}
              data-testid={`backtest-window-${w.name}`}
            />
            {w.label}
          </label>
        ))}
        <div className="small">
          From{" "}
          <input
            type="date"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
            aria-label="Replay from (UTC date)"
            data-testid="backtest-range-from"
          />{" "}
          to{" "}
          <input
            type="date"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
            aria-label="Replay to (UTC date)"
            data-testid="backtest-range-to"
          />
        </div>
        <label className="small">
          Signed after{" "}
          <input
            type="number"
            min={0}
            max={1440}
            value={signDelayMinutes}
            onChange={(e) => setSignDelayMinutes(Number(e.target.value))}
            style={{ width: 56 }}
            aria-label="Minutes until you sign a proposal"
          />{" "}
          minutes
        </label>
      </fieldset>
      <button
        type="button"
        className="button block"
        disabled={running || requestedWindows(selected, range).length === 0}
        onClick={() => void run()}
        data-testid="backtest-run"
      >
        {running ? "Replaying…" : "Run"}
      </button>
      {error && (
        <div className="notice error" role="alert" data-testid="backtest-error">
          {error.message}
        </div>
      )}
      {result?.windows.map((w) => (
        <article key={`${w.from}:${w.to}`} className="stack" data-testid="backtest-window">
          <h4 className="small">
            {w.from.slice(0, 10)} – {w.to.slice(0, 10)}
          </h4>
          <p className="small" data-testid="backtest-verdict">
            <strong>{w.verdict}</strong>
          </p>
          {w.notes.map((note) => (
            <p key={note} className="small warning-text" data-testid="backtest-note">
              {note}
            </p>
          ))}
          <Suspense fallback={<div className="skeleton" style={{ height: 160 }} />}>
            <BacktestChart result={w} triggerHealthFactor={triggerHealthFactor} />
          </Suspense>
          <table className="small num" data-testid="backtest-summary">
            <thead>
              <tr>
                <th />
                <th>Without</th>
                <th>With the rule</th>
              </tr>
            </thead>
            <tbody>
              {summaryRows(w.withoutRule.summary, w.withRule.summary).map(([label, without, withRule]) => (
                <tr key={label}>
                  <td>{label}</td>
                  <td>{without}</td>
                  <td>{withRule}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="small muted">
            {w.withRule.events
              .filter((e) => e.type !== "proposal")
              .slice(0, 8)
              .map((e) => (
                <li key={`${e.type}:${e.at}:${e.message}`}>
                  {e.at.slice(0, 16).replace("T", " ")} · {e.message}
                </li>
              ))}
          </ul>
        </article>
      ))}
      {result && (
        <details className="small muted">
          <summary>Assumptions</summary>
          <ul>
            {result.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
