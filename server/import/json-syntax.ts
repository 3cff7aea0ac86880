import { jsonVerifier } from 'stream-json/utils/verifier.js';

type TVerifierError = Error & { line: number; pos: number };

/**
 * Where JSON.parse gave up, for the messages where V8 does not say. Only runs on a row that
 * already failed, so its cost doesn't matter.
 */
function locateSyntaxError(text: string): { line: number; column: number } {
  try {
    jsonVerifier()(text);
  } catch (error) {
    const { line, pos } = error as TVerifierError;
    if (typeof line === 'number' && typeof pos === 'number') return { line, column: pos };
  }
  // Nothing wrong before the end: the text is cut short.
  const lastNewline = text.lastIndexOf('\n');
  return { line: 1 + (text.match(/\n/g)?.length ?? 0), column: text.length - lastNewline };
}

/**
 * Turns V8's JSON.parse message into "malformed JSON at line L, column C: <what>". V8 gives a
 * position for most errors and echoes the input for others; the echo is dropped because it can be
 * a megabyte of user data.
 */
export function describeJsonSyntaxError(error: unknown, text: string, startLine: number, startColumn = 1): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  let what = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
    .trim();
  if (what.length > 200) what = `${what.slice(0, 200)}…`;
  if (!position) {
    const found = locateSyntaxError(text);
    const column = found.line === 1 ? startColumn + found.column - 1 : found.column;
    return `malformed JSON at line ${startLine + found.line - 1}, column ${column}: ${what}`;
  }
  const offset = Math.min(Number(position[1]), text.length);
  let line = startLine;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i;
  }
  const column = lineStart === -1 ? startColumn + offset : offset - lineStart;
  return `malformed JSON at line ${line}, column ${column}: ${what}`;
}
