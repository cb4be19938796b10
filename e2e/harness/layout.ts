/// <reference lib="dom" />
import type { Page } from "playwright-core";

/**
 * What is wrong with a page's layout at its current width, in words: the page scrolls sideways, a visible element
 * sticks out past the right edge, or a control or figure that must read on one line (buttons, tabs, selects,
 * `[data-nowrap]`) wrapped onto a second. Empty when the layout holds.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} px content in ${width} px`);
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.position === "fixed") continue;
      if (box.right > width + 1) problems.push(`${label(el)} sticks out ${Math.round(box.right - width)} px`);
    }
    for (const el of Array.from(
      document.body.querySelectorAll('button, [role="tab"], select, [data-nowrap]'),
    )) {
      const box = el.getBoundingClientRect();
      if (box.height === 0) continue;
      const style = getComputedStyle(el);
      const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.45;
      const inner =
        box.height -
        Number.parseFloat(style.paddingTop) -
        Number.parseFloat(style.paddingBottom) -
        Number.parseFloat(style.borderTopWidth) -
        Number.parseFloat(style.borderBottomWidth);
      if (inner > line * 1.6) problems.push(`${label(el)} wraps onto ${Math.round(inner / line)} lines`);
    }
    return problems;
  });
}
