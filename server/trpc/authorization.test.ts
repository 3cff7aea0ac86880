import { TRPCError } from '@trpc/server';
import { TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { hasProjectPermission, PROJECT_ROLES, type TProjectPermission, type TProjectRole } from '@/server/auth/roles';
import { authenticateApiToken } from '@/server/auth/authenticate-api-token';
import { createApiToken } from '@/server/services/accounts/api-tokens';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { appRouter, createCaller } from './root';

/**
 * Every procedure of the app router must appear here with its access rule. A new procedure without
 * an entry fails the suite, and each entry is checked for every kind of caller.
 */
type TRule = 'public' | 'signedIn' | 'session' | 'admin' | 'projectCreator' | { project: TProjectPermission };

const ACCESS: Record<string, TRule> = {
  'setup.status': 'public',
  'setup.createFirstAdmin': 'public',
  'setup.describeInvite': 'public',
  'setup.acceptInvite': 'public',
  'me.get': 'signedIn',
  'me.changePassword': 'session',
  'me.tokens': 'session',
  'me.createToken': 'session',
  'me.revokeToken': 'session',
  'admin.users': 'admin',
  'admin.createUser': 'admin',
  'admin.setGlobalRole': 'admin',
  'admin.setUserDisabled': 'admin',
  'admin.invites': 'admin',
  'admin.createInvite': 'admin',
  'admin.revokeInvite': 'admin',
  'project.list': 'signedIn',
  'project.create': 'projectCreator',
  'project.get': { project: 'project.view' },
  'project.bySlug': { project: 'project.view' },
  'project.overview': { project: 'project.view' },
  'project.update': { project: 'project.manage' },
  'project.setLabels': { project: 'project.manage' },
  'project.members': { project: 'project.manage' },
  'project.addMember': { project: 'project.manage' },
  'project.setMemberRole': { project: 'project.manage' },
  'project.removeMember': { project: 'project.manage' },
  'project.auditLog': { project: 'project.manage' },
  'data.imports': { project: 'data.import' },
  'label.next': { project: 'label.submit' },
  'label.submit': { project: 'label.submit' },
  'label.skip': { project: 'label.submit' },
  'label.undo': { project: 'label.submit' },
  'label.undoSkip': { project: 'label.submit' },
  'label.progress': { project: 'label.submit' },
  'review.queue': { project: 'review.decide' },
  'review.item': { project: 'review.decide' },
  'review.decide': { project: 'review.decide' },
  'review.acceptMany': { project: 'review.decide' },
  'review.setAnnotationStatus': { project: 'review.decide' },
  'review.comment': { project: 'review.decide' },
  'quality.report': { project: 'quality.view' },
  'quality.refresh': { project: 'quality.view' },
  'models.overview': { project: 'quality.view' },
  'models.versions': { project: 'quality.view' },
  'models.version': { project: 'quality.view' },
  'models.compare': { project: 'quality.view' },
  'models.simulations': { project: 'quality.view' },
  'models.train': { project: 'model.manage' },
  'models.pin': { project: 'model.manage' },
  'models.unpin': { project: 'model.manage' },
  'models.updateSettings': { project: 'model.manage' },
  'models.redrawEvalSet': { project: 'model.manage' },
  'models.simulate': { project: 'model.manage' },
  'certificates.list': { project: 'decision.view' },
  'certificates.get': { project: 'decision.view' },
  'certificates.certify': { project: 'decision.policy' },
  'certificates.approve': { project: 'decision.policy' },
  'certificates.retire': { project: 'decision.policy' },
  'decisions.queue': { project: 'decision.review' },
  'decisions.case': { project: 'decision.review' },
  'decisions.answer': { project: 'decision.review' },
  'decisions.policy': { project: 'decision.view' },
  'decisions.updatePolicy': { project: 'decision.policy' },
  'decisions.setStopped': { project: 'decision.policy' },
  'decisionRecord.get': { project: 'decision.view' },
  'decisionRecord.list': { project: 'decision.view' },
  'decisionRecord.verifyLog': { project: 'decision.view' },
  'decisionRecord.settings': { project: 'decision.admin' },
  'decisionRecord.setWebhookUrl': { project: 'decision.admin' },
  'decisionRecord.rotateSecret': { project: 'decision.admin' },
  'decisionRecord.setRetention': { project: 'decision.admin' },
  'decisionRecord.resend': { project: 'decision.admin' },
  'oversight.status': { project: 'decision.view' },
  'oversight.dashboard': { project: 'decision.view' },
  'oversight.reset': { project: 'decision.policy' },
  'decisionReviewers.reliance': { project: 'decision.policy' },
};

/** The guarded project's slug, for the procedures that find a project by its URL. */
const PROJECT_SLUG = 'guarded';

/**
 * All that 'mustChangePassword' may call: an admin whose password another admin chose, held at the
 * change-password page until they replace it (an admin, so any other refusal is this rule's).
 */
const PASSWORD_CHANGE_PAGE_PROCEDURES = new Set(['me.get', 'me.changePassword']);

type TCallerKind = 'anonymous' | 'outsider' | 'globalManager' | 'admin' | 'mustChangePassword' | TProjectRole | 'annotatorToken' | 'otherProjectToken';
const CALLER_KINDS: TCallerKind[] = ['anonymous', 'outsider', 'globalManager', 'admin', 'mustChangePassword', ...PROJECT_ROLES, 'annotatorToken', 'otherProjectToken'];

function isAllowed(rule: TRule, kind: TCallerKind, path: string): boolean {
  if (rule === 'public') return true;
  if (kind === 'anonymous') return false;
  if (kind === 'mustChangePassword') return PASSWORD_CHANGE_PAGE_PROCEDURES.has(path);
  if (rule === 'signedIn') return true;
  const isToken = kind === 'annotatorToken' || kind === 'otherProjectToken';
  if (rule === 'session') return !isToken;
  if (rule === 'admin') return kind === 'admin';
  if (rule === 'projectCreator') return kind === 'admin' || kind === 'globalManager';
  if (kind === 'admin') return true;
  if (kind === 'annotatorToken') return hasProjectPermission('annotator', rule.project);
  return (PROJECT_ROLES as readonly string[]).includes(kind) && hasProjectPermission(kind as TProjectRole, rule.project);
}

describe('authorization of every procedure', () => {
  let harness: TTestHarness;
  let projectId: number;
  const actors = new Map<TCallerKind, TActor | null>();

  beforeAll(async () => {
    harness = await createTestHarness();
    const admin = await harness.createUser('Admin', 'admin');
    const globalManager = await harness.createUser('Global Manager', 'manager');
    projectId = (await harness.createProjectAs(admin, PROJECT_SLUG)).id;
    const other = await harness.createProjectAs(admin, 'elsewhere');
    actors.set('anonymous', null);
    actors.set('outsider', await harness.createUser('Outsider'));
    actors.set('globalManager', globalManager);
    actors.set('admin', admin);
    actors.set('mustChangePassword', await harness.createUser('Pending Admin', 'admin'));
    for (const role of PROJECT_ROLES) {
      const actor = await harness.createUser(role);
      await harness.addToProject(projectId, actor, role);
      actors.set(role, actor);
    }
    const annotator = actors.get('annotator');
    if (!annotator) throw new Error('no annotator');
    await harness.addToProject(other.id, annotator, 'annotator');
    const token = await createApiToken(harness.db, annotator, { projectId, name: 'cli', expiresInDays: null });
    const otherToken = await createApiToken(harness.db, annotator, { projectId: other.id, name: 'cli', expiresInDays: null });
    actors.set('annotatorToken', await authenticateApiToken(harness.db, token.token));
    actors.set('otherProjectToken', await authenticateApiToken(harness.db, otherToken.token));
  });
  afterAll(() => harness.close());

  const paths = Object.keys(appRouter._def.procedures).sort();
  /** Slug lookups deny with 404, like an unknown slug, so that slugs cannot be probed (the project here exists). */
  const DENIED_AS_NOT_FOUND = new Set(['project.bySlug']);

  it('has an access rule for every procedure and no rule for a missing one', () => {
    expect(paths.filter((path) => !(path in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((path) => !paths.includes(path))).toEqual([]);
  });

  for (const path of paths) {
    it(`enforces ${path}`, async () => {
      const rule = ACCESS[path];
      if (!rule) return; // reported by the test above
      const outcomes: string[] = [];
      for (const kind of CALLER_KINDS) {
        const code = await callInRolledBackTransaction(kind, path);
        const denied = code === 'UNAUTHORIZED' || code === 'FORBIDDEN' || (DENIED_AS_NOT_FOUND.has(path) && code === 'NOT_FOUND');
        const allowed = isAllowed(rule, kind, path);
        if (allowed === denied) outcomes.push(`${kind}: expected ${allowed ? 'allowed' : 'denied'}, got ${code}`);
        if (denied && kind === 'anonymous') expect(code, `${path} for anonymous`).toBe('UNAUTHORIZED');
      }
      expect(outcomes).toEqual([]);
    });
  }

  /** Calls with just the project's id and slug: enough to pass or fail the access check; changes are rolled back. */
  async function callInRolledBackTransaction(kind: TCallerKind, path: string): Promise<string> {
    let code = 'OK';
    await harness.db
      .transaction(async (tx) => {
        const actor = actors.get(kind) ?? null;
        const session = actor?.via === 'session' ? { id: `session-of-${kind}`, mustChangePassword: kind === 'mustChangePassword' } : null;
        const caller = createCaller({ db: tx, auth: harness.auth, actor, session, headers: new Headers() });
        let target: unknown = caller;
        for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
        try {
          await (target as (input: unknown) => Promise<unknown>)({ projectId, slug: PROJECT_SLUG });
        } catch (error) {
          code = error instanceof TRPCError ? error.code : 'THREW';
        }
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    return code;
  }
});
