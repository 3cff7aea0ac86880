/**
 * Highlight words: each label may have a few words or phrases an annotator wants to spot at a glance
 * ("unsubscribe", "click here" for spam). Matching is case-insensitive on whole words, the longest
 * phrase first where two overlap.
 */
export type THighlightTerm = { term: string; labelId: number };
export type THighlightSegment = { text: string; labelId: number | null };

export const MAX_TERMS_PER_LABEL = 30;
export const MAX_TERM_LENGTH = 60;

/** The words of one label as typed in its field: comma- or newline-separated, trimmed, deduplicated. */
export function parseTermList(input: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of input.split(/[,\n]/)) {
    const term = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_TERM_LENGTH);
    if (!term || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
    if (terms.length >= MAX_TERMS_PER_LABEL) break;
  }
  return terms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits `text` into plain runs and runs matching a term, in order; joined they give `text` back. */
export function splitByTerms(text: string, terms: readonly THighlightTerm[]): THighlightSegment[] {
  const usable = terms.filter((entry) => entry.term.trim().length > 0);
  if (usable.length === 0 || text.length === 0) return [{ text, labelId: null }];
  const byTerm = new Map<string, number>();
  for (const entry of usable) if (!byTerm.has(entry.term.toLowerCase())) byTerm.set(entry.term.toLowerCase(), entry.labelId);
  const alternatives = [...byTerm.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Whole words: no letter or digit right before or after the match (Unicode-aware).
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const segments: THighlightSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start), labelId: null });
    segments.push({ text: match[0], labelId: byTerm.get(match[0].toLowerCase()) ?? null });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), labelId: null });
  return segments;
}
