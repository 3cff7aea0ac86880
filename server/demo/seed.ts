import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import type { Auth } from '@/server/auth/auth';
import type { TActor } from '@/server/auth/actor';
import type { TCompute } from '@/server/services/learning/compute';
import { seedDemoActivity, type TDemoActivityPlan, type TDemoActivityResult } from './seed-demo-activity';
import { seedDemoProject, type TDemoCorpus } from './seed-demo-project';
import { DECISION_DEMO_SLUG, seedDecisionDemo, type TDecisionDemoPlan, type TDecisionDemoResult } from './seed-decision-demo';
import { DEFAULT_DEMO_PASSWORD, seedDemoUsers } from './seed-demo';
import { seedImageDemo } from './seed-image-demo';
import { seedSpanDemo } from './seed-span-demo';
import { getMediaContext, type TMediaContext } from '@/server/services/media/media-context';

export type TSeedDemoOptions = {
  corpus?: TDemoCorpus;
  plan?: TDemoActivityPlan;
  decisionPlan?: TDecisionDemoPlan;
  compute?: TCompute;
  log?: (line: string) => void;
  /** Where the image demo's pictures go (the instance's media store by default). */
  media?: TMediaContext;
};

const SCIENTIST_EMAIL = 'scientist@demo.quorum';

async function loadActor(db: Database, email: string): Promise<TActor> {
  const [user] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`the demo account ${email} is missing`);
  return { userId: user.id, name: user.name, email: user.email, globalRole: 'user', via: 'session' };
}

/** One line about the demo's state after seeding: what was done, or that there was nothing to do. */
export function describeDemoActivity(activity: TDemoActivityResult): string {
  if (activity.state === 'already-seeded') return `[demo] already seeded (${activity.annotations.toLocaleString('en')} labels): nothing to do`;
  const reasons = Object.entries(activity.reviewReasons).map(([reason, n]) => `${reason} ${n}`).join(', ');
  return `[demo] seeded in ${Math.round(activity.seconds)} s: ${activity.labels} labels on ${activity.items} items, ${activity.versions} model versions, a strategy simulation, review queue: ${reasons || 'empty'}`;
}

/** One line about the decision demo project. */
export function describeDecisionDemo(result: TDecisionDemoResult): string {
  if (result.state === 'already-seeded') return `[demo] ${DECISION_DEMO_SLUG}: already has ${result.decisions.toLocaleString('en')} decisions`;
  const states = Object.entries(result.byState).map(([state, n]) => `${state} ${n}`).join(', ');
  return `[demo] ${DECISION_DEMO_SLUG}: ${result.decisions} cases sent in ${Math.round(result.seconds)} s (${states})`;
}

/**
 * Demo accounts, the demo project and its activity (labels, model versions, a simulation, review
 * tasks); safe to run on every start: a seeded database is left as it is and the result says so.
 */
export async function seedDemo(db: Database, auth: Auth, password = DEFAULT_DEMO_PASSWORD, options: TSeedDemoOptions = {}) {
  const userIds = await seedDemoUsers(db, auth, password);
  const project = await seedDemoProject(db, userIds, { corpus: options.corpus, log: options.log });
  const scientist = await loadActor(db, SCIENTIST_EMAIL);
  const activity = await seedDemoActivity(db, { projectId: project.projectId, scientist, plan: options.plan, compute: options.compute, log: options.log });
  const decisions = await seedDecisionDemo(db, {
    sourceProjectId: project.projectId,
    scientist,
    reviewer: await loadActor(db, 'reviewer@demo.quorum'),
    manager: await loadActor(db, 'manager@demo.quorum'),
    plan: options.decisionPlan,
    compute: options.compute,
    log: options.log,
  });
  const images = await seedImageDemo(db, options.media ?? getMediaContext(), userIds);
  const spans = await seedSpanDemo(db, userIds);
  return { userIds, ...project, activity, decisions, images, spans };
}
