/*
 * What a JSON array reader needs after a syntax error and stream-json does not offer. Its tokenizer
 * throws without saying where, keeps no usable state afterwards, and drops the tokens it had
 * produced for the failing piece. An import must still report line and column, keep the elements
 * before the error, and (as a JSON.parse per element did) skip only the broken element. So:
 * - `describeParserState` writes a short JSON prefix that puts a fresh tokenizer or verifier in the
 *   state the reader was in at the start of the failing piece; stream-json's verifier then finds
 *   the error's exact offset in `prefix + piece`, and a fresh tokenizer replays the piece up to it.
 * - `findJsonElementEnd` passes over the rest of the broken element (strings and bracket depth,
 *   nothing else) so a new tokenizer can start after it.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const LF = 10;

export type TLexeme = 'key' | 'string' | 'number' | null;

export type TParserState = {
  phase: 'start' | 'array' | 'done';
  /** Open containers from the top-level array in; true for an object. */
  stack: readonly boolean[];
  /** The last complete thing: a container opened, a key, or a value. */
  last: 'open' | 'key' | 'value';
  /** A key, string or number the tokenizer has started but not finished. */
  lexeme: TLexeme;
  /** Last non-whitespace character before the piece: tells whether a "," or ":" was already read. */
  lastSignificant: string;
};

/**
 * A JSON prefix after which a tokenizer is where `state` says. Keys and values are replaced by "";
 * only the structure matters. Pieces are cut at line ends or after a comma, so the state never sits
 * inside a literal or an escape.
 */
export function describeParserState(state: TParserState): string {
  if (state.phase === 'start') return '';
  if (state.phase === 'done') return '[]';
  const { stack } = state;
  let prefix = '';
  for (let i = 0; i < stack.length; i++) {
    if (i > 0 && stack[i - 1]) prefix += '"":';
    prefix += stack[i] ? '{' : '[';
  }
  const isInObject = stack[stack.length - 1] === true;
  if (state.lexeme === 'key') return `${prefix}"`;
  if (state.lexeme === 'string') return prefix + (isInObject ? '"":"' : '"');
  if (state.lexeme === 'number') return prefix + (isInObject ? '"":1' : '1');
  if (state.last === 'open') return prefix;
  if (state.last === 'key') return prefix + (state.lastSignificant === ':' ? '"":' : '""');
  return prefix + (isInObject ? '"":""' : '""') + (state.lastSignificant === ',' ? ',' : '');
}

export type TJsonSkipState = {
  /** Open brackets inside the element; 0 for a broken scalar. */
  depth: number;
  isInString: boolean;
  isEscaped: boolean;
  /** The element is an object or array: it ends at the bracket that closes it. */
  isContainer: boolean;
};

/**
 * Scans `text` from `from`, continuing `state`. Returns where the broken element ends: just after
 * its closing bracket, or at the "," or "]" after a broken scalar; -1 if it goes on past `text`.
 * A raw line break ends a string: a string cannot hold one, so it was most likely left unclosed.
 */
export function findJsonElementEnd(text: string, from: number, state: TJsonSkipState): number {
  let { depth, isInString, isEscaped } = state;
  let end = -1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (isEscaped) isEscaped = false;
      else if (c === BACKSLASH) isEscaped = true;
      else if (c === QUOTE || c === LF) isInString = false;
      continue;
    }
    if (c === QUOTE) isInString = true;
    else if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      if (depth > 0) {
        depth--;
        if (depth === 0 && state.isContainer) {
          end = i + 1;
          break;
        }
      } else if (c === RBRACKET) {
        end = i;
        break;
      }
    } else if (c === COMMA && depth === 0) {
      end = i;
      break;
    }
  }
  state.depth = depth;
  state.isInString = isInString;
  state.isEscaped = isEscaped;
  return end;
}
