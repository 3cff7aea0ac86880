import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRng } from '@/ml/random';
import { FORTUNE_TOPICS, FORTUNES_DIR } from '../ml/text-datasets';

/**
 * A multi-label text set: label indices per text, and a group per text (texts of one group go to
 * the same side of a split, so near-copies cannot leak from training into testing).
 */
export type TMultilabelDataset = { name: string; description: string; texts: string[]; sets: number[][]; labelNames: string[]; groups: string[] };

const APT_LISTS = '/var/lib/apt/lists';
const APT_HELPER = '/usr/lib/apt/apt-helper';
/** Debtags facets that say what a package is for (not how it is built or packaged). */
const TOPICAL_FACETS = ['use::', 'works-with::'];
/** A topical tag becomes a label when at least this many tagged packages carry it (a rule, not a pick by score). */
const MIN_TAG_PACKAGES = 300;

/**
 * Debian's package index as a natural multi-label corpus: the text is "name: short description",
 * the labels are the package's Debtags (human-curated tags) in the topical facets use:: and
 * works-with:: carried by at least 300 packages. A package with none of them is a real "none of
 * these". Groups are source packages (binaries of one source share descriptions). Read from the
 * index apt already keeps under /var/lib/apt/lists (decompressed with apt-helper); null when absent.
 */
export function loadDebtags(): TMultilabelDataset | null {
  const index = fs.existsSync(APT_LISTS) ? fs.readdirSync(APT_LISTS).find((file) => /_dists_[a-z]+_main_binary-amd64_Packages(\.lz4|\.xz|\.gz)?$/.test(file)) : undefined;
  if (!index || !fs.existsSync(APT_HELPER)) return null;
  const text = execFileSync(APT_HELPER, ['cat-file', path.join(APT_LISTS, index)], { maxBuffer: 2 ** 30 }).toString('utf8');
  const packages: { text: string; tags: string[]; group: string }[] = [];
  for (const record of text.split('\n\n')) {
    const tagLine = /^Tag: (.*(?:\n .*)*)/m.exec(record);
    const name = /^Package: (\S+)/m.exec(record)?.[1];
    const description = /^Description: (.*)/m.exec(record)?.[1];
    if (!tagLine || !name || !description) continue;
    const tags = tagLine[1]!.split(/,\s*/).map((t) => t.trim()).filter(Boolean);
    packages.push({ text: `${name}: ${description}`, tags, group: /^Source: (\S+)/m.exec(record)?.[1] ?? name });
  }
  const counts = new Map<string, number>();
  for (const p of packages) for (const tag of p.tags) if (TOPICAL_FACETS.some((facet) => tag.startsWith(facet))) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const labelNames = [...counts].filter(([, count]) => count >= MIN_TAG_PACKAGES).map(([tag]) => tag).sort();
  const code = new Map(labelNames.map((tag, i) => [tag, i]));
  return {
    name: 'debtags',
    description: `Debian bookworm package index: "name: short description" with its Debtags in use::/works-with:: carried by ≥ ${MIN_TAG_PACKAGES} packages (${labelNames.length} labels), ${packages.length} tagged packages`,
    texts: packages.map((p) => p.text),
    sets: packages.map((p) => p.tags.filter((t) => code.has(t)).map((t) => code.get(t)!).sort((a, b) => a - b)),
    labelNames,
    groups: packages.map((p) => p.group),
  };
}

/**
 * SYNTHETIC multi-label text: each document joins 1 to 3 Debian fortunes (50% one, 35% two, 15%
 * three) drawn without replacement from different topic files, and its labels are those topics.
 * No natural multi-topic corpus with free text ships offline besides the package index above, so
 * this is a stand-in whose label sets are exact by construction and whose labels are mutually
 * independent, unlike real tags. Null when the `fortunes` package is not installed.
 */
export function loadFortuneMixtures(documents: number, seed: number): TMultilabelDataset | null {
  if (!fs.existsSync(path.join(FORTUNES_DIR, FORTUNE_TOPICS[0]))) return null;
  const rng = createRng(seed);
  const byTopic = FORTUNE_TOPICS.map((topic) =>
    rng.shuffle(
      fs
        .readFileSync(path.join(FORTUNES_DIR, topic), 'utf8')
        .split(/\n%\n/)
        .map((entry) => entry.replace(/\s+/g, ' ').trim())
        .filter((entry) => entry.length >= 10),
    ),
  );
  const texts: string[] = [];
  const sets: number[][] = [];
  for (let d = 0; d < documents; d++) {
    const draw = rng.next();
    const size = draw < 0.5 ? 1 : draw < 0.85 ? 2 : 3;
    const available = byTopic.map((entries, topic) => (entries.length > 0 ? topic : -1)).filter((topic) => topic >= 0);
    if (available.length < size) break;
    const topics = rng.sample(available, size).sort((a, b) => a - b);
    texts.push(rng.shuffle(topics.map((topic) => byTopic[topic]!.pop()!)).join(' '));
    sets.push(topics);
  }
  return {
    name: 'fortune-mixtures',
    description: `SYNTHETIC: ${texts.length} documents each joining 1–3 Debian fortunes from different topic files (${FORTUNE_TOPICS.join(', ')}); labels = the topics joined`,
    texts,
    sets,
    labelNames: [...FORTUNE_TOPICS],
    groups: texts.map((_, i) => String(i)),
  };
}

/** A seeded split by group: about `testShare` of the groups (and so of the texts) go to the test side. */
export function splitByGroup(dataset: TMultilabelDataset, seed: number, testShare = 0.2): { train: number[]; test: number[] } {
  const groups = [...new Set(dataset.groups)];
  const rng = createRng(seed);
  const testGroups = new Set(rng.sample(groups, Math.round(groups.length * testShare)));
  const train: number[] = [];
  const test: number[] = [];
  dataset.groups.forEach((group, i) => (testGroups.has(group) ? test : train).push(i));
  return { train: rng.shuffle(train), test };
}
