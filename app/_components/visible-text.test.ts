import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ItemMetadata } from './item-metadata';
import { VisibleText } from './visible-text';

const render = (text: string) => renderToStaticMarkup(createElement(VisibleText, { text }));
const MARKER = (name: string, codePoint: string) =>
  `<span title="${codePoint}: a hidden control that changes the direction of the text" class="rounded bg-amber-100 px-0.5 font-mono text-xs text-amber-950">⟨${name}⟩</span>`;

describe('VisibleText', () => {
  it('shows a right-to-left override as a marker, so "gnp.exe" cannot pass for "exe.png"', () => {
    const html = render('invoice_\u202Egnp.exe');
    expect(html).toBe(`<bdi>invoice_${MARKER('RLO', 'U+202E')}gnp.exe</bdi>`);
    expect(html).not.toContain('\u202E');
  });

  it('marks every bidi control and keeps the rest of the text, markup included, as text', () => {
    const controls = '\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    const html = render(`<b>${controls}</b> שלום`);
    for (const name of ['ALM', 'LRM', 'RLM', 'LRE', 'RLE', 'PDF', 'LRO', 'RLO', 'LRI', 'RLI', 'FSI', 'PDI']) expect(html).toContain(`⟨${name}⟩`);
    expect(html).toMatch(/^<bdi>&lt;b&gt;<span/);
    expect(html).toMatch(/<\/span>&lt;\/b&gt; שלום<\/bdi>$/);
    expect(html).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it('is used for metadata keys and values', () => {
    const html = renderToStaticMarkup(createElement(ItemMetadata, { metadata: { 'file\u202Ename': 'a\u2067b', n: { deep: true } } }));
    expect(html).toContain(`file${MARKER('RLO', 'U+202E')}name`);
    expect(html).toContain(`a${MARKER('RLI', 'U+2067')}b`);
    expect(html).toContain('{&quot;deep&quot;:true}');
  });
});
