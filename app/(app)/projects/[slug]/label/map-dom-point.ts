/**
 * DOM selection points to UTF-16 offsets of the item's text. A DOM Range offset counts within one
 * text node (or, in an element, child nodes), and the rendered text is cut into leaves and holds
 * stand-ins and badges, so neither innerText nor textContent can be trusted: every leaf carries its
 * own offsets (data-leaf-start, data-leaf-end, data-verbatim; see split-span-segments.ts) and a
 * point is placed through the leaf it falls in or next to. Written against the few Node members it
 * reads, so it is tested without a browser.
 */
export type TDomNode = {
  nodeType: number;
  parentNode: TDomNode | null;
  childNodes: ArrayLike<TDomNode>;
  getAttribute?: (name: string) => string | null;
};

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

type TLeafAttributes = { start: number; end: number; isVerbatim: boolean };

function readLeaf(node: TDomNode): TLeafAttributes | null {
  if (node.nodeType !== ELEMENT_NODE || !node.getAttribute) return null;
  const start = node.getAttribute('data-leaf-start');
  const end = node.getAttribute('data-leaf-end');
  if (start === null || end === null) return null;
  return { start: Number(start), end: Number(end), isVerbatim: node.getAttribute('data-verbatim') === 'true' };
}

function findEnclosingLeaf(node: TDomNode, root: TDomNode): TLeafAttributes | null {
  for (let current: TDomNode | null = node; current; current = current.parentNode) {
    const leaf = readLeaf(current);
    if (leaf) return leaf;
    if (current === root) return null;
  }
  return null;
}

function findFirstLeaf(node: TDomNode): TLeafAttributes | null {
  const leaf = readLeaf(node);
  if (leaf) return leaf;
  for (let index = 0; index < node.childNodes.length; index++) {
    const found = findFirstLeaf(node.childNodes[index]!);
    if (found) return found;
  }
  return null;
}

function findLastLeaf(node: TDomNode): TLeafAttributes | null {
  const leaf = readLeaf(node);
  if (leaf) return leaf;
  for (let index = node.childNodes.length - 1; index >= 0; index--) {
    const found = findLastLeaf(node.childNodes[index]!);
    if (found) return found;
  }
  return null;
}

/**
 * The text offset of the DOM point (node, offset), or null when the point is outside `root` or
 * near no leaf. Inside a stand-in leaf a point maps to the leaf's start when at its very beginning,
 * else to its end; between child nodes it maps to the start of the next leaf (or the end of the
 * previous one at the end of a container).
 */
export function mapDomPointToOffset(root: TDomNode, node: TDomNode, offset: number): number | null {
  const enclosing = findEnclosingLeaf(node, root);
  if (enclosing) {
    if (node.nodeType === TEXT_NODE && enclosing.isVerbatim) return Math.min(enclosing.end, enclosing.start + Math.max(0, offset));
    return offset === 0 ? enclosing.start : enclosing.end;
  }
  if (!isInside(node, root)) return null;
  // A point between child nodes of a container: look forward from it, then back, then outward.
  for (let container: TDomNode | null = node, at = offset; container; ) {
    const children = container.childNodes;
    for (let index = at; index < children.length; index++) {
      const leaf = findFirstLeaf(children[index]!);
      if (leaf) return leaf.start;
    }
    for (let index = Math.min(at, children.length) - 1; index >= 0; index--) {
      const leaf = findLastLeaf(children[index]!);
      if (leaf) return leaf.end;
    }
    if (container === root) return null;
    const parent: TDomNode | null = container.parentNode;
    at = parent ? indexOfChild(parent, container) + 1 : 0;
    container = parent;
  }
  return null;
}

function isInside(node: TDomNode, root: TDomNode): boolean {
  for (let current: TDomNode | null = node; current; current = current.parentNode) if (current === root) return true;
  return false;
}

function indexOfChild(parent: TDomNode, child: TDomNode): number {
  for (let index = 0; index < parent.childNodes.length; index++) if (parent.childNodes[index] === child) return index;
  return -1;
}
