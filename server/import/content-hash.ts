import * as crypto from 'node:crypto';

const NON_ASCII = /[^\x00-\x7f]/;
const WHITESPACE_RUN = /\s+/g;
/** Anything normalisation would change: non-space whitespace, double spaces, an edge space. */
const NEEDS_WHITESPACE_FIX = /[^\S ]| {2}|^ | $/;
/**
 * Printable ASCII with single inner spaces, the common text, needs neither step: one scan for
 * anything else (a superset of both tests) decides it, at about a third of their cost.
 */
const MAYBE_CHANGED = /[^ !-~]| {2}/;
const SPACE = 32;

/**
 * What counts as "the same text" for dedupe: Unicode NFC, whitespace runs (newlines included)
 * collapsed to one space, ends trimmed. Case is kept: "US" and "us" can carry different labels.
 */
export function normalizeForHash(text: string): string {
  if (!MAYBE_CHANGED.test(text) && text.charCodeAt(0) !== SPACE && text.charCodeAt(text.length - 1) !== SPACE) return text;
  const composed = NON_ASCII.test(text) ? text.normalize('NFC') : text;
  return NEEDS_WHITESPACE_FIX.test(composed) ? composed.replace(WHITESPACE_RUN, ' ').trim() : composed;
}

/** One-shot `crypto.hash` is ~2x `createHash` on short input but only exists from Node 20.12. */
const hashSha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** sha256 hex of `normalizeForHash(text)`. */
export function hashContent(text: string): string {
  return hashSha256Hex(normalizeForHash(text));
}
