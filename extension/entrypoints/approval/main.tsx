import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApprovalApp } from "../../approval/ApprovalApp";
import "../../ui/theme.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApprovalApp />
    </StrictMode>,
  );
}
