import "../../ui/theme.css";
import "../../popup/popup.css";
import { browser } from "wxt/browser";
import { paintSnapshot } from "../../popup/snapshot/popupSnapshot";

// In a tab (where the in-page badge opens the dashboard, or a narrow window) the dashboard takes the width it is
// given; the toolbar popup keeps its fixed width, since Chrome sizes a popup from its content's width.
void browser.tabs.getCurrent().then((tab) => {
  if (tab) document.documentElement.dataset.surface = "tab";
});

// First paint: the dashboard as last shown (popup/snapshot). React, the schemas and the app load after that
// frame: started together, their evaluation would hold the main thread before the snapshot could be painted.
const snapshot = document.getElementById("snapshot");
const painted = snapshot ? paintSnapshot(snapshot).catch(() => false) : Promise.resolve(false);
void painted
  .then((shown) => (shown ? new Promise((next) => requestAnimationFrame(() => setTimeout(next, 0))) : null))
  .then(() => import("./mountPopup"))
  .then(({ mountPopup }) => mountPopup(document.getElementById("root")));
