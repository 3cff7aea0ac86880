import fs from 'node:fs';
import { tokenizeText } from '@/ml/spans/tokenize-text';
import type { TSpan } from '@/ml/spans/span-types';

/**
 * A synthetic NER corpus built offline from WordNet 3.0 (Debian `wordnet-base`), stated as such.
 *
 * Text: one item per WordNet instance synset of a person, place or organisation, written as
 * "<name>, <its gloss>." ("Albert Einstein, physicist born in Germany who formulated the special
 * theory of relativity ... (1879-1955)."): real English definitions, dense in names.
 * Labels, by construction (no human annotated them):
 *   PER, LOC, ORG: every longest match, token by token and case-sensitive, of a WordNet instance
 *     name whose synset is in noun.person, noun.location or noun.group (a name in several files
 *     takes the file most of its synsets are in; ties go to LOC, then PER: "France", "Washington"
 *     in a gloss are places far more often than people);
 *   DATE: a year 1000–2099, with a month name (and day) before it when there is one.
 * What it shows: how well the token classifier recovers a fixed, consistent entity definition in
 * real sentences, from how many labeled items, held-out items included. What it does not show:
 * accuracy against human NER annotation (CoNLL, OntoNotes): the gazetteer misses names WordNet
 * lacks (labeled O here even when they are entities, which penalises a model that finds them) and
 * noun.group holds some groups that are not organisations.
 */
export const WORDNET_NER_LABELS = [
  { id: 1, name: 'PER' },
  { id: 2, name: 'LOC' },
  { id: 3, name: 'ORG' },
  { id: 4, name: 'DATE' },
] as const;

export type TNerItem = { text: string; spans: TSpan[] };

const LEXICOGRAPHER_FILES: Record<string, number> = { '18': 1, '15': 2, '14': 3 };
const MAX_NAME_TOKENS = 8;
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const DATE_PATTERN = new RegExp(`(?:(?:${MONTHS})(?: \\d{1,2},?)? )?\\b(?:1\\d{3}|20\\d{2})\\b`, 'g');

export const WORDNET_NOUNS = '/usr/share/wordnet/data.noun';

/** Null when WordNet is not installed (apt-get install wordnet-base). */
export function loadWordNetNerCorpus(file = WORDNET_NOUNS): TNerItem[] | null {
  if (!fs.existsSync(file)) return null;
  const instances: { names: string[]; type: number; gloss: string }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('  ') || !line.includes(' @i ')) continue;
    const [head, ...glossParts] = line.split(' | ');
    const fields = head!.split(' ');
    const type = LEXICOGRAPHER_FILES[fields[1]!];
    if (!type) continue;
    const wordCount = Number.parseInt(fields[3]!, 16);
    const names = Array.from({ length: wordCount }, (_, w) => fields[4 + 2 * w]!.replace(/_/g, ' ').replace(/\(.*\)$/, ''));
    instances.push({ names, type, gloss: glossParts.join(' | ').trim() });
  }
  const gazetteer = buildGazetteer(instances);
  return instances.map(({ names, gloss }) => {
    const text = `${names[0]}, ${gloss.replace(/\s+$/, '')}${gloss.endsWith('.') ? '' : '.'}`;
    return { text, spans: annotate(text, gazetteer) };
  });
}

/** Token-joined name → label id, by majority of the name's synsets. */
function buildGazetteer(instances: readonly { names: string[]; type: number }[]): Map<string, number> {
  const votes = new Map<string, number[]>();
  for (const { names, type } of instances) {
    for (const name of names) {
      if (!/^\p{Lu}/u.test(name) || name.length < 2) continue;
      const key = tokenizeText(name).map((token) => name.slice(token.start, token.end)).join(' ');
      const counts = votes.get(key) ?? [0, 0, 0, 0];
      counts[type]!++;
      votes.set(key, counts);
    }
  }
  const gazetteer = new Map<string, number>();
  for (const [key, counts] of votes) {
    let best = 2;
    for (const type of [1, 3]) if (counts[type]! > counts[best]!) best = type;
    gazetteer.set(key, best);
  }
  return gazetteer;
}

function annotate(text: string, gazetteer: ReadonlyMap<string, number>): TSpan[] {
  const tokens = tokenizeText(text);
  const words = tokens.map((token) => text.slice(token.start, token.end));
  const spans: TSpan[] = [];
  const dateCovered = new Uint8Array(text.length);
  for (const match of text.matchAll(DATE_PATTERN)) {
    spans.push({ start: match.index, end: match.index + match[0].length, labelId: 4 });
    dateCovered.fill(1, match.index, match.index + match[0].length);
  }
  for (let t = 0; t < tokens.length; ) {
    let matched = 0;
    for (let n = Math.min(MAX_NAME_TOKENS, tokens.length - t); n >= 1 && matched === 0; n--) {
      const labelId = gazetteer.get(words.slice(t, t + n).join(' '));
      if (labelId !== undefined && !dateCovered.subarray(tokens[t]!.start, tokens[t + n - 1]!.end).includes(1)) {
        spans.push({ start: tokens[t]!.start, end: tokens[t + n - 1]!.end, labelId });
        matched = n;
      }
    }
    t += Math.max(1, matched);
  }
  return spans.sort((a, b) => a.start - b.start);
}
