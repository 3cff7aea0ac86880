import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, projects, type TSpan } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createRng } from '@/ml/random';
import { listProjectLabels } from '@/server/services/projects/projects';
import type { TTestHarness } from './harness';

/**
 * Test data for span projects' learning loop: a project switched to the spans task type (with the
 * task type's learning defaults), and sentences naming people and places with their gold spans.
 * Names and places include combining marks (Zoë, José, Zürich as e/u + U+0308/U+0301) and the
 * sentences emoji (🎉, a ZWJ family), so offsets are UTF-16 units that differ from code points and
 * a model's span edges can be checked against grapheme boundaries.
 */

const PEOPLE = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Emeka', 'Farida', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nour', 'Zoe\u0308', 'Jose\u0301'];
const PLACES = ['Lyon', 'Porto', 'Kyoto', 'Accra', 'Quito', 'Oslo', 'Perth', 'Dakar', 'Zu\u0308rich', 'Malmo\u0308', 'Sa\u0303o Paulo'];
/** Names and places never among the others: what only a model that reads context can find. */
const UNSEEN_PEOPLE = ['Oskar', 'Priya', 'Quentin', 'Rosa', 'Selim', 'Tove', 'Uma', 'Véronique'];
const UNSEEN_PLACES = ['Hanoi', 'Cusco', 'Turku', 'Bergen', 'Recife', 'Gdańsk'];
const VERBS = ['met', 'called', 'visited', 'thanked', 'saw'];
const EXTRAS = ['🎉', '👩‍👩‍👧', 'today', 'again', '🙂'];

export type TSpanFixtureItem = { text: string; spans: TSpan[] };

/**
 * "<person> <verb> <person> in <place> <extra>" (sometimes with a leading emoji), the people
 * labeled `personId` and the place `placeId`. `isUnseen` draws the names and places from lists
 * the other items never use (for evaluation items: a dictionary of the training spans finds none).
 */
export function generateSpanItems(
  count: number,
  { personId, placeId, seed = 1, isUnseen = false }: { personId: number; placeId: number; seed?: number; isUnseen?: boolean },
): TSpanFixtureItem[] {
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[]) => list[rng.int(list.length)]!;
  const people = isUnseen ? UNSEEN_PEOPLE : PEOPLE;
  const places = isUnseen ? UNSEEN_PLACES : PLACES;
  return Array.from({ length: count }, (_, i) => {
    const spans: TSpan[] = [];
    let text = rng.next() < 0.3 ? '👩‍👩‍👧 ' : '';
    const add = (word: string, labelId: number | null) => {
      if (labelId !== null) spans.push({ start: text.length, end: text.length + word.length, labelId });
      text += word;
    };
    add(pick(people), personId);
    text += ` ${pick(VERBS)} `;
    add(pick(people), personId);
    text += ' in ';
    add(pick(places), placeId);
    text += ` ${pick(EXTRAS)} #${isUnseen ? 'u' : ''}${i}`;
    return { text, spans };
  });
}

/** A project of span labels (`PER`, `LOC` by default), its settings those of a span project; returns its label ids. */
export async function createSpanProject(harness: TTestHarness, owner: TActor, slug: string, labels = ['PER', 'LOC']): Promise<{ projectId: number; labelIds: number[] }> {
  const { id: projectId } = await harness.createProjectAs(owner, slug, labels);
  // Created as text classification, whose settings name the text softmax: a span project's defaults instead.
  await harness.db
    .update(projects)
    .set({ taskType: 'spans', settings: sql`${projects.settings} - 'modelKind' - 'showModelSuggestion' - 'samplingStrategy'` })
    .where(eq(projects.id, projectId));
  return { projectId, labelIds: (await listProjectLabels(harness.db, projectId)).map((label) => label.id) };
}

/** Inserts the items with their spans as gold answers; returns their ids in order. */
export async function seedSpanItems(db: Database, projectId: number, entries: readonly TSpanFixtureItem[]): Promise<number[]> {
  const rows = await db
    .insert(items)
    .values(entries.map((entry, i) => ({ projectId, externalId: `span-${i}`, contentHash: `span-hash-${i}`, text: entry.text, goldValue: { spans: entry.spans }, priority: 0.5 })))
    .returning({ id: items.id });
  return rows.map((row) => row.id);
}

/** Final span answers given straight to the items (what the queue does after a submission). */
export async function labelSpanItems(db: Database, entries: readonly { id: number; spans: TSpan[] }[]): Promise<void> {
  for (const entry of entries) {
    await db.execute(sql`
      update items set final_value = ${JSON.stringify({ spans: entry.spans })}::jsonb, final_source = 'single', status = 'labeled', annotation_count = 1
      where id = ${entry.id}`);
  }
}
