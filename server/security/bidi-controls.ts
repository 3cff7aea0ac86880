/**
 * Unicode's bidirectional formatting characters, each with the abbreviation Unicode gives it. They
 * are invisible but reorder the text around them: U+202E turns "gnp.exe" into what reads as
 * "exe.png". Names refuse them; item text keeps them (they are data) and shows them as markers.
 */
export const BIDI_CONTROLS: ReadonlyMap<string, string> = new Map([
  ['\u061C', 'ALM'],
  ['\u200E', 'LRM'],
  ['\u200F', 'RLM'],
  ['\u202A', 'LRE'],
  ['\u202B', 'RLE'],
  ['\u202C', 'PDF'],
  ['\u202D', 'LRO'],
  ['\u202E', 'RLO'],
  ['\u2066', 'LRI'],
  ['\u2067', 'RLI'],
  ['\u2068', 'FSI'],
  ['\u2069', 'PDI'],
]);

/** Splits text at the bidi controls (captured, so they stay in the result at odd indexes). */
export const BIDI_CONTROL_SPLIT = new RegExp(`([${[...BIDI_CONTROLS.keys()].join('')}])`, 'u');
