import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, projectMembers } from '@/db/schema';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import type { TImportResult } from '@/server/import/import-report';
import { importItems } from '@/server/services/data/import-items';
import { createProject, findProjectIdBySlug } from '@/server/services/projects/projects';
import { loadSpamAssassin, type TDemoMessage } from './corpus';
import { DEMO_USERS } from './seed-demo';

export const DEMO_PROJECT_SLUG = 'spam-demo';
const DEMO_CORPUS_SIZE = 6_046;

/** Where the demo's e-mails come from: the whole SpamAssassin corpus, or a sample in tests. */
export type TDemoCorpus = { size: number; messages: () => AsyncIterable<TDemoMessage> };
export const SPAM_ASSASSIN_CORPUS: TDemoCorpus = { size: DEMO_CORPUS_SIZE, messages: () => loadSpamAssassin() };

const INSTRUCTIONS = `Decide whether each e-mail is spam (unsolicited bulk or commercial mail, scams, phishing) or ham (mail the recipient wanted, including newsletters they subscribed to and mailing-list traffic).

Read the subject and the first lines; open the rest only when unsure. Keys: 1 = spam, 2 = ham.`;

/** The corpus as JSON lines: the same import path a user's file takes. */
async function* corpusAsJsonLines(corpus: TDemoCorpus): AsyncGenerator<string> {
  for await (const message of corpus.messages()) {
    yield `${JSON.stringify({ id: message.externalId, text: message.text, label: message.label, group: message.group })}\n`;
  }
}

/**
 * Measured on the seeded demo: after 3 versions on ~320 labels from annotators of 65–95% accuracy,
 * the calibrated model gives no e-mail more than 0.95 and only 31 of 6,046 more than 0.9, so at the
 * default 0.9 the Review tab never shows "model disagrees". 0.8 is what a data scientist would set
 * for a young model on noisy labels.
 */
const DEMO_DISAGREEMENT_CONFIDENCE = 0.8;

/**
 * The demo project: the SpamAssassin public corpus with its spam/ham labels kept as gold (hidden
 * from annotators; used for evaluation, gold checks and simulation), and every demo user in their
 * role. Idempotent: an existing project is completed, never duplicated.
 */
export async function seedDemoProject(
  db: Database,
  userIdsByEmail: Map<string, string>,
  options: { corpus?: TDemoCorpus; log?: (line: string) => void } = {},
): Promise<{ projectId: number; import: TImportResult | null }> {
  const corpus = options.corpus ?? SPAM_ASSASSIN_CORPUS;
  const adminId = userIdsByEmail.get(DEMO_USERS[0]?.email ?? '');
  let projectId = await findProjectIdBySlug(db, DEMO_PROJECT_SLUG);
  if (projectId === null) {
    const project = await createProject(
      db,
      null,
      {
        slug: DEMO_PROJECT_SLUG,
        name: 'SpamAssassin demo',
        instructions: INSTRUCTIONS,
        labels: buildDefaultLabels(['spam', 'ham']),
        // A quarter of the items get two annotators, so agreement can be measured. Every e-mail's
        // spam/ham label is known; about 3% of them (some 180) serve as gold checks, the rest stay
        // hidden for evaluation and simulation.
        settings: { overlap: 2, overlapShare: 0.25, goldCheckShare: 0.03, disagreementConfidence: DEMO_DISAGREEMENT_CONFIDENCE },
      },
      { ownerUserId: userIdsByEmail.get('manager@demo.quorum') ?? adminId },
    );
    projectId = project.id;
  }
  for (const user of DEMO_USERS) {
    const userId = userIdsByEmail.get(user.email);
    if (!userId || !user.projectRole) continue;
    await db.insert(projectMembers).values({ projectId, userId, role: user.projectRole }).onConflictDoNothing();
  }
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.projectId, projectId));
  if ((row?.n ?? 0) >= corpus.size) return { projectId, import: null };
  // Said only when it happens: a seeded database skips it (it used to be announced on every start).
  options.log?.(`[demo] first run: parsing and importing ${corpus.size.toLocaleString('en')} e-mails…`);
  const result = await importItems(db, null, projectId, corpusAsJsonLines(corpus), {
    format: 'jsonl',
    fileName: 'spam-assassin.jsonl',
    mapping: { textField: 'text', labelField: 'label', idField: 'id' },
  });
  if (result.status !== 'succeeded') throw new Error(`demo import failed: ${result.error ?? 'unknown'} ${JSON.stringify(result.problems.slice(0, 3))}`);
  return { projectId, import: result };
}
