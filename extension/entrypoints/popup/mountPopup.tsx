import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PopupApp } from "../../popup/PopupApp";

/** React and the dashboard: their own chunk, loaded while main.tsx paints the last snapshot. */
export function mountPopup(root: HTMLElement | null): void {
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <PopupApp />
    </StrictMode>,
  );
}
