import { jsonVerifier } from 'stream-json/utils/verifier.js';

/**
 * stream-json's tokenizer and verifier wait for up to 16 more characters before they judge a
 * lexeme that touches the end of their input (`tru`, a backslash), so an error at the end of a
 * piece would surface only with the next one. Whitespace after a piece makes them decide at once and
 * changes nothing for valid JSON outside a string.
 */
export const LOOKAHEAD_PADDING = ' '.repeat(17);

type TVerifierError = Error & { offset: number };

export type TJsonSyntaxError = {
  /** 0-based offset in the text. */
  offset: number;
  what: string;
};

function isVerifierError(error: unknown): error is TVerifierError {
  return error instanceof Error && typeof (error as TVerifierError).offset === 'number';
}

/** stream-json's messages, in words that say what to fix. */
function describeVerifierMessage(message: string, found: string): string {
  const what = message.replace(/^ERROR at .*?: /, '').replace(/^Verifier (cannot parse input: |has )/, '');
  if (what === 'escaped characters') {
    if (found === '\n' || found === '\r') return 'unterminated string (a line break inside a string must be written as \\n)';
    if (found !== '\\' && found.charCodeAt(0) < 0x20) return 'control character inside a string (write it as a \\u escape)';
    return 'invalid escape sequence in a string';
  }
  if (what === "expected ','") return `expected "," or a closing bracket but found ${JSON.stringify(found)}`;
  if (what === "expected ':'") return `expected ":" after a key but found ${JSON.stringify(found)}`;
  if (what === 'expected an object key') return `expected a double-quoted key but found ${JSON.stringify(found)}`;
  if (what === 'expected a value') return `expected a value but found ${JSON.stringify(found)}`;
  return what;
}

const FIRST_WINDOW_CHARS = 256;

/**
 * Where stream-json's verifier first finds `prefix + text` invalid (the offset counts from the
 * start of `prefix`), or null when nothing is wrong before the end (it may still be cut short). The
 * text goes in growing windows, so the cost follows the distance to the error, not the length of
 * `text`.
 */
export function findJsonSyntaxError(text: string, prefix = ''): TJsonSyntaxError | null {
  const verify = jsonVerifier();
  try {
    if (prefix !== '') verify(prefix);
    let window = FIRST_WINDOW_CHARS;
    for (let i = 0; i < text.length; i += window, window *= 2) verify(text.slice(i, i + window));
    verify(LOOKAHEAD_PADDING);
    return null;
  } catch (error) {
    const at = isVerifierError(error) ? error.offset - prefix.length : -1;
    if (at < 0 || at >= text.length) return null;
    return { offset: at, what: describeVerifierMessage((error as Error).message, text.slice(at, at + 1)) };
  }
}

/**
 * "line L, column C" of `offset` in `text`, which starts at `startLine`, `startColumn`. Only "\n"
 * counts, as everywhere in the importer (the verifier also breaks lines on "\r" and U+2028).
 */
export function describeJsonPosition(text: string, offset: number, startLine: number, startColumn: number): string {
  let line = startLine;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i;
  }
  const column = lineStart === -1 ? startColumn + offset : offset - lineStart;
  return `line ${line}, column ${column}`;
}

/**
 * Turns V8's JSON.parse message into "malformed JSON at line L, column C: <what>". V8 gives a
 * position for most errors and echoes the input for others; the echo is dropped because it can be
 * a megabyte of user data, and stream-json's verifier locates those instead.
 */
export function describeJsonSyntaxError(error: unknown, text: string, startLine: number, startColumn = 1): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position) {
    const found = findJsonSyntaxError(text);
    // Nothing wrong before the end: the text is cut short.
    if (!found) return `malformed JSON at ${describeJsonPosition(text, text.length, startLine, startColumn)}: the value is cut short`;
    return `malformed JSON at ${describeJsonPosition(text, found.offset, startLine, startColumn)}: ${found.what}`;
  }
  let what = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
    .trim();
  if (what.length > 200) what = `${what.slice(0, 200)}…`;
  const offset = Math.min(Number(position[1]), text.length);
  return `malformed JSON at ${describeJsonPosition(text, offset, startLine, startColumn)}: ${what}`;
}
