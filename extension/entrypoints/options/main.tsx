import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { OptionsApp } from "../../options/OptionsApp";
import "../../ui/theme.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <OptionsApp />
    </StrictMode>,
  );
}
