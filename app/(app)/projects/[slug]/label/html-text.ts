import { convert, type HtmlToTextOptions } from 'html-to-text';

/**
 * E-mail bodies and scraped pages often arrive as HTML. Annotators read them as text: html-to-text
 * (the converter mailparser uses) parses the markup with htmlparser2 into a tree and writes out its
 * text. Nothing is rendered or run: scripts, styles, images, frames are dropped, entities decoded,
 * block elements become line breaks, links keep their address in brackets (where a link really goes
 * is often what gives spam away).
 */
const HTML_TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    // Layout tables (most HTML mail): one cell per line reads better than columns run together.
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
  ],
};

// Opening or closing tags of documents and formatting, which mark a text as HTML rather than text
// that happens to contain "<" (a < b, <user@host>). Not <script> or <img>: alone they are what an
// attack pasted into a text looks like, and such a text is shown exactly as it is.
const HTML_MARKERS = /<(?:!doctype\s+html|\/?(?:html|head|body|p|div|br|table|tr|td|font|span|center|a|b|i|u|strong|em|ul|ol|li|h[1-6])\b)[^>]*>/gi;
/** At least this many markup tags before a text is treated as HTML. */
const MIN_HTML_MARKERS = 2;

/** Whether the text is (mostly) HTML markup worth showing as readable text. */
export function isHtmlText(text: string): boolean {
  let count = 0;
  for (const _ of text.matchAll(HTML_MARKERS)) if (++count >= MIN_HTML_MARKERS) return true;
  return false;
}

/** The readable text of an HTML document or fragment, blank lines collapsed and edges trimmed. */
export function convertHtmlToText(html: string): string {
  return convert(html, HTML_TO_TEXT_OPTIONS)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first `length` characters of what the annotator reads (readable text for HTML), on one line. */
export function previewText(text: string, length: number): string {
  const readable = isHtmlText(text) ? convertHtmlToText(text) : text;
  return readable.replace(/\s+/g, ' ').trim().slice(0, length);
}
