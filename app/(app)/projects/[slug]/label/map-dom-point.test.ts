import { describe, expect, it } from 'vitest';
import { mapDomPointToOffset, type TDomNode } from './map-dom-point';

type TFake = TDomNode & { childNodes: TFake[] };

function element(attributes: Record<string, string>, children: TFake[]): TFake {
  const node: TFake = { nodeType: 1, parentNode: null, childNodes: children, getAttribute: (name) => attributes[name] ?? null };
  for (const child of children) child.parentNode = node;
  return node;
}

function textNode(): TFake {
  return { nodeType: 3, parentNode: null, childNodes: [] };
}

function leaf(start: number, end: number, isVerbatim: boolean, child = textNode()): TFake {
  return element({ 'data-leaf-start': String(start), 'data-leaf-end': String(end), 'data-verbatim': String(isVerbatim) }, [child]);
}

// The shape SpanText renders for "Hi 👩‍👩‍👧\r\nok" with a span over the emoji (3–11) and its badge:
// <pane><span><span>[Hi ]</span></span><span><span><mark>[👩‍👩‍👧]</mark></span><badge/></span>
//   <span><span>[CR stand-in][\nok]</span></span></pane>
const hi = textNode();
const family = textNode();
const badgeText = textNode();
const rest = textNode();
const familyLeaf = leaf(3, 11, true, family);
const mark = element({}, [familyLeaf]);
const badge = leaf(11, 11, false, badgeText);
const carriageReturn = element({ 'data-leaf-start': '11', 'data-leaf-end': '12', 'data-verbatim': 'false' }, []);
const tail = element({}, [carriageReturn, leaf(12, 15, true, rest)]);
const pane = element({}, [element({}, [element({}, [leaf(0, 3, true, hi)])]), element({}, [element({}, [mark]), badge]), element({}, [tail])]);
const outside = textNode();
element({}, [outside]);

describe('mapDomPointToOffset', () => {
  it('adds a text node offset to its leaf start, in UTF-16 units, clamped to the leaf', () => {
    expect(mapDomPointToOffset(pane, hi, 2)).toBe(2);
    expect(mapDomPointToOffset(pane, family, 8)).toBe(11);
    expect(mapDomPointToOffset(pane, family, 99)).toBe(11);
    expect(mapDomPointToOffset(pane, rest, 1)).toBe(13);
  });

  it('maps a point in a badge or a stand-in to that leaf’s start or end, never inside it', () => {
    expect(mapDomPointToOffset(pane, badgeText, 3)).toBe(11);
    expect(mapDomPointToOffset(pane, carriageReturn, 0)).toBe(11);
    expect(mapDomPointToOffset(pane, carriageReturn, 1)).toBe(12);
  });

  it('maps a point between child nodes to the next leaf’s start, or the previous leaf’s end at a container’s end', () => {
    expect(mapDomPointToOffset(pane, mark, 0)).toBe(3);
    expect(mapDomPointToOffset(pane, mark, 1)).toBe(11);
    expect(mapDomPointToOffset(pane, tail, 1)).toBe(12);
    expect(mapDomPointToOffset(pane, pane, 0)).toBe(0);
    expect(mapDomPointToOffset(pane, pane, 3)).toBe(15);
  });

  it('refuses a point outside the pane', () => {
    expect(mapDomPointToOffset(pane, outside, 0)).toBeNull();
  });
});
