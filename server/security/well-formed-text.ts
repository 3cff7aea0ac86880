/**
 * Text must arrive as what it claims to be. A body that is not UTF-8, or a JSON string with a lone
 * UTF-16 surrogate ("\ud800"), would otherwise be stored as U+FFFD or as a string PostgreSQL and
 * every later reader mangle differently; the importer already refuses both, so the API does too.
 */
const LONE_SURROGATE = /\p{Cs}/u;

export const INVALID_UTF8_MESSAGE = 'The request body is not valid UTF-8 text';
export const LONE_SURROGATE_MESSAGE = 'Text contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not valid Unicode';

export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when any string (or object key) in a parsed JSON value has a lone surrogate; iterative, so depth cannot overflow the stack. */
export function hasLoneSurrogate(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (LONE_SURROGATE.test(next)) return true;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next !== null && typeof next === 'object' && !(next instanceof Date)) {
      for (const [key, entry] of Object.entries(next)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(entry);
      }
    }
  }
  return false;
}
