import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConnectApp } from "../../connect/ConnectApp";
import "../../ui/theme.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConnectApp />
    </StrictMode>,
  );
}
