import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageError } from "../lib/messages";
import { BackgroundError } from "../lib/messaging/sendToBackground";
import { withTimeout } from "../lib/messaging/withTimeout";

export const asMessageError = (cause: unknown): MessageError =>
  cause instanceof BackgroundError
    ? cause.error
    : { code: "internal", message: cause instanceof Error ? cause.message : String(cause) };

/**
 * One background request's answer for a view: loading until the first answer, then the data (kept while a
 * reload runs, so the view does not flash back to a skeleton) or the error. A new `key` loads again.
 */
export function useBackgroundData<T>(load: () => Promise<T>, key: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  // The newest closure, so `reload` changes only when `key` (what the request depends on) does.
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the request; a new key means reload.
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      // A background that never answers becomes an error with Retry, not a skeleton forever.
      const answer = await withTimeout(loadRef.current());
      if (call !== latest.current) return;
      setData(answer);
      setError(null);
    } catch (cause) {
      if (call === latest.current) setError(asMessageError(cause));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}
