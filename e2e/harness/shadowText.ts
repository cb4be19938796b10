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

interface DomNodeWithIds extends DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNodeWithIds[];
  shadowRoots?: DomNodeWithIds[];
}

/**
 * Clicks the element with `data-testid` inside a closed shadow root, as a user would (a real mouse click at its
 * centre through CDP's Input domain): a disabled button stays unclicked, a checkbox toggles.
 */
export async function clickInClosedShadowRoots(cdp: CDPSession, testId: string): Promise<void> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as {
    root: DomNodeWithIds;
  };
  let found: DomNodeWithIds | null = null;
  const walk = (node: DomNodeWithIds) => {
    const attributes = node.attributes ?? [];
    for (let i = 0; i + 1 < attributes.length; i += 2)
      if (attributes[i] === "data-testid" && attributes[i + 1] === testId) found = node;
    for (const child of node.children ?? []) walk(child);
    for (const shadow of node.shadowRoots ?? []) walk(shadow);
  };
  walk(root);
  const target = found as DomNodeWithIds | null;
  if (!target) throw new Error(`no element with data-testid="${testId}" in the page's shadow roots`);
  const { model } = (await cdp.send("DOM.getBoxModel", { backendNodeId: target.backendNodeId })) as {
    model: { content: number[] };
  };
  const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.content;
  const x = (x1 + x3) / 2;
  const y = (y1 + y3) / 2;
  for (const type of ["mousePressed", "mouseReleased"] as const)
    await cdp.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
}
