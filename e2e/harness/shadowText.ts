import type { CDPSession } from "playwright-core";

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/** Text inside closed shadow roots, which page scripts (and Playwright locators) cannot see but CDP can. */
export async function textInClosedShadowRoots(cdp: CDPSession): Promise<string[]> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  const texts: string[] = [];
  const walk = (node: DomNode, inShadow: boolean) => {
    if (inShadow && node.nodeType === 3 && node.nodeValue?.trim()) texts.push(node.nodeValue.trim());
    if (node.nodeName === "STYLE") return;
    for (const child of node.children ?? []) walk(child, inShadow);
    for (const shadow of node.shadowRoots ?? []) walk(shadow, true);
  };
  walk(root, false);
  return texts;
}
