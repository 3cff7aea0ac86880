/**
 * One line with every hard case, and its offsets counted by hand (UTF-16 code units):
 *   "Hi"        0–2
 *   👩‍👩‍👧      3–11  (👩 2 + ZWJ 1 + 👩 2 + ZWJ 1 + 👧 2 = 8 units, 5 code points)
 *   🇫🇷         12–16 (two regional indicators, 2 units each)
 *   "été"       17–22 (e, U+0301, t, e, U+0301: 5 units, 5 code points)
 *   👍🏽         23–27 (thumb + skin tone modifier, 2 units each)
 *   CRLF        27–29
 *   "𝒜bc"       29–33 (𝒜 is astral: 2 units, 1 code point)
 *   "."         33–34
 */
export const HARD_TEXT = 'Hi 👩‍👩‍👧 🇫🇷 e\u0301te\u0301 👍🏽\r\n𝒜bc.';

export const HARD_TEXT_TOKENS = [
  { start: 0, end: 2, isWordLike: true },
  { start: 3, end: 11, isWordLike: false },
  { start: 12, end: 16, isWordLike: false },
  { start: 17, end: 22, isWordLike: true },
  { start: 23, end: 27, isWordLike: false },
  { start: 29, end: 33, isWordLike: true },
  { start: 33, end: 34, isWordLike: false },
];
