import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { listProjectAnnotators, listUserAuditEvents, readUserName, seedAnnotatedItems } from '@/server/testing/annotation-fixtures';
import { headersFromPeer, installAppServices, issueApiToken } from '@/server/testing/app-services';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';
import { POST as authRoute } from './auth/[...all]/route';
import { POST as trpcPost } from './trpc/[trpc]/route';
import { GET as exportRoute } from './v1/projects/[slug]/export/route';
import { POST as importPreviewRoute } from './v1/projects/[slug]/import/preview/route';
import { POST as importRoute } from './v1/projects/[slug]/import/route';
import { GET as rejectedRowsRoute } from './v1/projects/[slug]/imports/[importId]/rejected-rows/route';

/*
 * Replays of the data findings of the hardening review (issue 12), through the same route handlers
 * Next calls: what an attacker or an unlucky user sent, and what must happen instead.
 */

const BASE = 'http://localhost:3000';
const LABELS = ['positive', 'negative'];
const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe('abuse replays: data', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let admin: TActor;
  let alexOne: TActor;
  let alexTwo: TActor;
  let source: { id: number; slug: string };
  let token: string;

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    admin = await harness.createUser('Admin', 'admin');
    alexOne = await harness.createUser('Alex');
    alexTwo = await harness.createUser('Alex');
    source = await harness.createProjectAs(admin, 'alike-source', LABELS);
    token = await issueApiToken(harness, admin, source.id);
    await harness.addToProject(source.id, alexOne, 'annotator');
    await harness.addToProject(source.id, alexTwo, 'annotator');
    // 31 items, each labeled by both annotators named "Alex", who disagree on every third one.
    await seedAnnotatedItems(harness, source.id, {
      count: 31,
      annotatorIds: [alexOne.userId, alexTwo.userId],
      labelFor: (item, annotator) => (annotator === 1 && item % 3 === 0 ? 'negative' : 'positive'),
    });
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  const bearer = (value = token) => ({ authorization: `Bearer ${value}` });

  async function exportFile(format: string): Promise<string> {
    const response = await exportRoute(new Request(`${BASE}/api/v1/projects/${source.slug}/export?format=${format}`, { headers: bearer() }), slugParams(source.slug));
    expect(response.status).toBe(200);
    return response.text();
  }

  async function importFile(slug: string, projectToken: string, file: string, fileName: string) {
    const preview = await importPreviewRoute(
      new Request(`${BASE}/api/v1/projects/${slug}/import/preview?fileName=${fileName}`, { method: 'POST', headers: bearer(projectToken), body: file }),
      slugParams(slug),
    );
    const { format, suggestedMapping } = (await preview.json()) as { format: string; suggestedMapping: unknown };
    const query = new URLSearchParams({ format, fileName, mapping: JSON.stringify(suggestedMapping) });
    const response = await importRoute(new Request(`${BASE}/api/v1/projects/${slug}/import?${query}`, { method: 'POST', headers: bearer(projectToken), body: file }), slugParams(slug));
    return { status: response.status, report: (await response.json()) as Record<string, unknown> & { problems: { row: number; reason: string }[] } };
  }

  describe('annotators named alike survive export → import', () => {
    it.each([
      ['jsonl', 'export.jsonl'],
      ['csv', 'export.csv'],
      ['label-studio', 'export.json'],
    ])('keeps all 62 annotations of two "Alex"es through %s into another project', async (format, fileName) => {
      const target = await harness.createProjectAs(admin, `alike-${format}`, LABELS);
      const { status, report } = await importFile(target.slug, await issueApiToken(harness, admin, target.id), await exportFile(format), fileName);
      expect(status).toBe(200);
      expect(report).toMatchObject({ status: 'succeeded', itemsCreated: 31, annotationsCreated: 62, problemCount: 0 });
      const stored = await listProjectAnnotators(harness, target.id);
      expect(stored.total).toBe(62);
      // Not members of the target: two accounts without credentials, one per e-mail, both still "Alex".
      expect(stored.accounts.map(({ name, banned }) => ({ name, banned }))).toEqual([
        { name: 'Alex', banned: true },
        { name: 'Alex', banned: true },
      ]);
    });

    it('gives the annotations back to the same people when they are members of the target project', async () => {
      const target = await harness.createProjectAs(admin, 'alike-members', LABELS);
      await harness.addToProject(target.id, alexOne, 'annotator');
      await harness.addToProject(target.id, alexTwo, 'annotator');
      const { report } = await importFile(target.slug, await issueApiToken(harness, admin, target.id), await exportFile('jsonl'), 'export.jsonl');
      expect(report).toMatchObject({ status: 'succeeded', annotationsCreated: 62 });
      expect((await listProjectAnnotators(harness, target.id)).accounts.map((account) => account.id).sort()).toEqual([alexOne.userId, alexTwo.userId].sort());
    });

    it('re-importing the export into its own project changes nothing and says so', async () => {
      const { report } = await importFile(source.slug, token, await exportFile('label-studio'), 'export.json');
      expect(report).toMatchObject({ status: 'succeeded', itemsCreated: 0, duplicatesSkipped: 31, annotationsCreated: 0, annotationDuplicatesSkipped: 62 });
      expect((await listProjectAnnotators(harness, source.id)).total).toBe(62);
    });

    it('refuses an old, names-only file whose two "Alex"es disagree instead of keeping one of them', async () => {
      const target = await harness.createProjectAs(admin, 'alike-names-only', LABELS);
      const lines = [
        { text: 'agreed', annotations: [{ annotator: 'Alex', labels: ['positive'] }, { annotator: 'Alex', labels: ['positive'] }] },
        { text: 'disputed', annotations: [{ annotator: 'Alex', labels: ['positive'] }, { annotator: 'Alex', labels: ['negative'] }] },
      ];
      const file = lines.map((line) => JSON.stringify(line)).join('\n');
      const query = new URLSearchParams({ format: 'jsonl', mapping: JSON.stringify({ textField: 'text', annotationsField: 'annotations' }) });
      const projectToken = await issueApiToken(harness, admin, target.id);
      const response = await importRoute(new Request(`${BASE}/api/v1/projects/${target.slug}/import?${query}`, { method: 'POST', headers: bearer(projectToken), body: file }), slugParams(target.slug));
      const report = (await response.json()) as { status: string; problems: { row: number; reason: string }[] };
      expect(response.status).toBe(422);
      expect(report.problems).toEqual([expect.objectContaining({ row: 2, reason: expect.stringMatching(/annotation 2 by "Alex" contradicts another annotation by the same annotator/) })]);
      expect((await listProjectAnnotators(harness, target.id)).total).toBe(0);
    });
  });

  describe('oversized records', () => {
    async function importRaw(slug: string, file: string, query: Record<string, string>) {
      const project = await harness.createProjectAs(admin, slug, LABELS);
      const projectToken = await issueApiToken(harness, admin, project.id);
      const response = await importRoute(
        new Request(`${BASE}/api/v1/projects/${slug}/import?${new URLSearchParams(query)}`, { method: 'POST', headers: bearer(projectToken), body: file }),
        slugParams(slug),
      );
      return { status: response.status, report: (await response.json()) as { status: string; itemsCreated: number; error: string; problems: { reason: string }[] }, project };
    }

    it('refuses a 100,000-column CSV with a clear error instead of one item with 100,000 metadata keys', async () => {
      const columns = Array.from({ length: 99_999 }, (_, i) => `c${i}`);
      const file = `text,${columns.join(',')}\nhello,${columns.map(() => 'x').join(',')}\n`;
      const { status, report, project } = await importRaw('wide-csv', file, { format: 'csv', textField: 'text' });
      expect(status).toBe(422);
      expect(report.itemsCreated).toBe(0);
      expect(report.problems.map((problem) => problem.reason)).toEqual([
        'cannot read the header row: the header has 100,000 columns; at most 1,000 are supported (put extra fields in one JSON column)',
      ]);
      expect((await listProjectAnnotators(harness, project.id)).total).toBe(0);
    });

    it.each([
      ['5,000 fields', Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])), /metadata has 5,000 fields; an item keeps at most 1,000/],
      ['300 KB of metadata', { blob: 'x'.repeat(300 * 1024) }, /metadata is 307,\d{3} bytes as JSON; an item keeps at most 262,144/],
    ])('refuses a JSON Lines record with %s, and imports nothing (all-or-nothing)', async (_, extra, reason) => {
      const file = `${JSON.stringify({ text: 'fine' })}\n${JSON.stringify({ text: 'huge', ...extra })}\n`;
      const { status, report } = await importRaw(`huge-jsonl-${Object.keys(extra).length}`, file, { format: 'jsonl', textField: 'text' });
      expect(status).toBe(422);
      expect(report.itemsCreated).toBe(0);
      expect(report.problems).toEqual([expect.objectContaining({ row: 2, reason: expect.stringMatching(reason) })]);
    });
  });

  describe('malformed text through /api/trpc', () => {
    const updateInstructions = (body: Uint8Array<ArrayBuffer> | string) =>
      trpcPost(new Request(`${BASE}/api/trpc/project.update`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body }));
    const storedInstructions = async () => (await harness.callerFor(admin).project.get({ projectId: source.id })).instructions;

    it('refuses a body that is not valid UTF-8 with 400, instead of storing U+FFFD', async () => {
      const json = JSON.stringify(superjson.serialize({ projectId: source.id, instructions: 'broken: @@' }));
      const bytes = new TextEncoder().encode(json);
      const at = json.indexOf('@@');
      bytes.set([0xff, 0xfe], at);
      const response = await updateInstructions(bytes);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8 text' } });
      expect(await storedInstructions()).not.toMatch(/broken/);
    });

    it('refuses a string with a lone surrogate with 400', async () => {
      // JSON.stringify writes the lone surrogate as the escape "\ud800", valid UTF-8 that JSON.parse turns back into one.
      const response = await updateInstructions(JSON.stringify(superjson.serialize({ projectId: source.id, instructions: 'lone \ud800 surrogate' })));
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/lone UTF-16 surrogate/);
      expect(await storedInstructions()).not.toMatch(/surrogate/);
    });
  });

  it('defuses spreadsheet formulas in the rejected-rows CSV, as exports do', async () => {
    const project = await harness.createProjectAs(admin, 'formula-rejects', LABELS);
    const projectToken = await issueApiToken(harness, admin, project.id);
    const file = 'text,label\nfine,positive\n"=HYPERLINK(""http://evil.example"",""click"")",eggs\n';
    const query = new URLSearchParams({ format: 'csv', textField: 'text', labelField: 'label', skipInvalid: '1' });
    const imported = await importRoute(new Request(`${BASE}/api/v1/projects/${project.slug}/import?${query}`, { method: 'POST', headers: bearer(projectToken), body: file }), {
      params: Promise.resolve({ slug: project.slug }),
    });
    const { importId } = (await imported.json()) as { importId: number };
    const response = await rejectedRowsRoute(new Request(`${BASE}/api/v1/projects/${project.slug}/imports/${importId}/rejected-rows`, { headers: bearer(projectToken) }), {
      params: Promise.resolve({ slug: project.slug, importId: String(importId) }),
    });
    const lines = (await response.text()).split('\n');
    expect(lines[0]).toBe('quorum_row,text,label,quorum_problem');
    expect(lines[1]).toMatch(/^2,"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)",eggs,/);
  });

  describe('display names', () => {
    async function signIn(email: string): Promise<string> {
      const response = await authRoute(
        new Request(`${BASE}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: headersFromPeer('127.0.0.1', { 'content-type': 'application/json', origin: BASE }),
          body: JSON.stringify({ email, password: TEST_PASSWORD }),
        }),
      );
      expect(response.status).toBe(200);
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ');
    }

    const updateUser = (cookie: string, body: unknown) =>
      authRoute(
        new Request(`${BASE}/api/auth/update-user`, {
          method: 'POST',
          headers: headersFromPeer('127.0.0.1', { 'content-type': 'application/json', origin: BASE, cookie }),
          body: JSON.stringify(body),
        }),
      );

    it.each([
      ['101 characters', 'A'.repeat(101)],
      ['60,000 characters (under the body limit)', 'A'.repeat(60_000)],
      ['a right-to-left override', 'Alex \u202Egnp.exe'],
      ['a control character', 'Alex\u0007'],
      ['only spaces', '   '],
    ])('refuses a name of %s through /api/auth/update-user, and keeps the old one', async (_, name) => {
      const user = await harness.createUser('Renamer');
      const response = await updateUser(await signIn(user.email), { name });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/name/i);
      expect(await readUserName(harness, user.userId)).toBe('Renamer');
    });

    it('refuses a 200,000-character name, as the review sent it', async () => {
      const user = await harness.createUser('Renamer');
      const response = await updateUser(await signIn(user.email), { name: 'A'.repeat(200_000) });
      expect([400, 413]).toContain(response.status);
      expect(await readUserName(harness, user.userId)).toBe('Renamer');
    });

    it('trims an accepted name and records the change in the audit log', async () => {
      const user = await harness.createUser('Before');
      const response = await updateUser(await signIn(user.email), { name: '  After  ' });
      expect(response.status).toBe(200);
      expect(await readUserName(harness, user.userId)).toBe('After');
      expect(await listUserAuditEvents(harness, user.userId, 'user.profile')).toEqual([{ action: 'user.profile', actorId: user.userId, before: { name: 'Before' }, after: { name: 'After' } }]);
    });

    it('refuses a bidi override in the name of a new account (first admin, invites and admins share the rule)', async () => {
      const response = await trpcPost(
        new Request(`${BASE}/api/trpc/setup.createFirstAdmin`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(superjson.serialize({ name: 'Admin\u202E', email: 'spoof@test.quorum', password: TEST_PASSWORD })),
        }),
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Names cannot contain control or text-direction characters/);
    });
  });
});
