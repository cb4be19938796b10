import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { PopupApp } from "../../popup/PopupApp";
import "../../ui/theme.css";

// In a tab (where the in-page badge opens the dashboard, or a narrow window) the dashboard takes the width it is
// given; the toolbar popup keeps its fixed width, since Chrome sizes a popup from its content's width.
void browser.tabs.getCurrent().then((tab) => {
  if (tab) document.documentElement.dataset.surface = "tab";
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <PopupApp />
    </StrictMode>,
  );
}
