import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, projectMembers } from '@/db/schema';
import { importItems } from '@/server/services/data/import-items';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject, findProjectIdBySlug } from '@/server/services/projects/projects';
import { refreshQualitySnapshot } from '@/server/services/quality/refresh';
import { DEMO_USERS } from './seed-demo';

export const SPAN_DEMO_SLUG = 'entities-demo';

type TDemoSpan = [word: string, label: 'PER' | 'LOC' | 'ORG'];

/**
 * Short news-like sentences with emoji, accents and flags, and the spans two annotators marked:
 * [text, Amira's spans, Bruno's spans]. Four of them differ (a title, a missed name, a boundary,
 * a label), so review has span disagreements to show and the quality page has agreement to report.
 */
const DEMO_TEXTS: [string, TDemoSpan[], TDemoSpan[]][] = [
  ['Zoë Martin 🇫🇷 flew from Paris to Montréal with Air Canada.', [['Zoë Martin', 'PER'], ['Paris', 'LOC'], ['Montréal', 'LOC'], ['Air Canada', 'ORG']], [['Zoë Martin', 'PER'], ['Paris', 'LOC'], ['Montréal', 'LOC'], ['Air Canada', 'ORG']]],
  ['Dr. Amara Okafor 👩🏾‍⚕️ joined the WHO in Geneva.', [['Amara Okafor', 'PER'], ['WHO', 'ORG'], ['Geneva', 'LOC']], [['Dr. Amara Okafor', 'PER'], ['WHO', 'ORG'], ['Geneva', 'LOC']]],
  ['José Álvarez scored twice for Real Madrid ⚽ in Lisbon.', [['José Álvarez', 'PER'], ['Real Madrid', 'ORG'], ['Lisbon', 'LOC']], [['José Álvarez', 'PER'], ['Real Madrid', 'ORG'], ['Lisbon', 'LOC']]],
  ['Ana Lima and Kenji Sato met at Google in Zürich.', [['Ana Lima', 'PER'], ['Kenji Sato', 'PER'], ['Google', 'ORG'], ['Zürich', 'LOC']], [['Ana Lima', 'PER'], ['Kenji Sato', 'PER'], ['Zürich', 'LOC']]],
  ['The Nile 🌊 flows north through Cairo.', [['Nile', 'LOC'], ['Cairo', 'LOC']], [['Nile', 'LOC'], ['Cairo', 'LOC']]],
  ['Nothing happened here today 😴', [], []],
  ['Priya Patel opened a café in Nairobi ☕ last spring.', [['Priya Patel', 'PER'], ['Nairobi', 'LOC']], [['Priya Patel', 'PER'], ['Nairobi', 'LOC']]],
  ['Renée Dubois works for Médecins Sans Frontières in Kinshasa.', [['Renée Dubois', 'PER'], ['Médecins Sans Frontières', 'ORG'], ['Kinshasa', 'LOC']], [['Renée Dubois', 'PER'], ['Médecins Sans', 'ORG'], ['Kinshasa', 'LOC']]],
  ['Björk played Reykjavík 🎶 on Friday.', [['Björk', 'PER'], ['Reykjavík', 'LOC']], [['Björk', 'ORG'], ['Reykjavík', 'LOC']]],
  ['Mount Fuji 🗻 is visible from Tokyo on clear days.', [['Mount Fuji', 'LOC'], ['Tokyo', 'LOC']], [['Mount Fuji', 'LOC'], ['Tokyo', 'LOC']]],
];

const ANNOTATORS = [
  { name: 'Amira', email: 'amira@annotators.demo.quorum' },
  { name: 'Bruno', email: 'bruno@annotators.demo.quorum' },
];

/** The demo's texts as a Label Studio export with both annotators' `labels` regions (UTF-16 offsets, as Label Studio counts). */
export function buildSpanDemoTasks() {
  return DEMO_TEXTS.map(([text, ...versions], index) => ({
    data: { id: `e${index + 1}`, text },
    annotations: versions.map((spans, annotator) => ({
      completed_by: ANNOTATORS[annotator],
      was_cancelled: false,
      lead_time: 9 + ((index * 7 + annotator * 5) % 11),
      result: spans.map(([word, label], region) => {
        const start = text.indexOf(word);
        if (start < 0) throw new Error(`"${word}" is not in "${text}"`);
        return { id: `r${region}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end: start + word.length, text: word, labels: [label] } };
      }),
    })),
  }));
}

/**
 * A small spans (named entities) project: ten sentences, each labeled by two annotators imported
 * from a Label Studio file, so its items are decided by span voting (four disagreements wait in
 * review with both versions) and its quality page reports span agreement. Spans projects cannot be
 * created from the form yet, so it is created as a text project and given the task type. A second
 * of seeding; a seeded project is left as it is.
 */
export async function seedSpanDemo(db: Database, userIdsByEmail: Map<string, string>): Promise<{ projectId: number; created: number }> {
  let projectId = await findProjectIdBySlug(db, SPAN_DEMO_SLUG);
  if (projectId === null) {
    const project = await createProject(
      db,
      null,
      {
        slug: SPAN_DEMO_SLUG,
        name: 'People and places (spans)',
        instructions: 'Mark every person (PER), place (LOC) and organisation (ORG): select the words with the mouse or the arrow keys, then press the label’s key.',
        labels: buildDefaultLabels(['PER', 'LOC', 'ORG']),
        taskType: 'spans',
        // Every item gets two annotators and no hidden checks or audits.
        settings: { overlap: 2, overlapShare: 1, goldRate: 0, auditRate: 0, evalFraction: 0 },
      },
      { ownerUserId: userIdsByEmail.get('manager@demo.quorum') },
    );
    projectId = project.id;
  }
  for (const user of DEMO_USERS) {
    const userId = userIdsByEmail.get(user.email);
    if (userId && user.projectRole) await db.insert(projectMembers).values({ projectId, userId, role: user.projectRole }).onConflictDoNothing();
  }
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.projectId, projectId));
  if ((row?.n ?? 0) >= DEMO_TEXTS.length) return { projectId, created: 0 };
  const result = await importItems(db, null, projectId, JSON.stringify(buildSpanDemoTasks()), {
    format: 'label-studio',
    fileName: 'entities-demo.json',
    mapping: { textField: 'text', idField: 'id', fromName: 'ner' },
  });
  if (result.status !== 'succeeded') throw new Error(`the span demo's import failed: ${result.error ?? ''} ${JSON.stringify(result.problems.slice(0, 3))}`);
  await refreshQualitySnapshot(db, projectId);
  return { projectId, created: result.itemsCreated };
}
