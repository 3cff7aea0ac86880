import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { countProjectItems, installAppServices, issueApiToken } from '@/server/testing/app-services';
import { GET as exportProject } from './export/route';
import { POST as importFile } from './import/route';
import { POST as previewImport } from './import/preview/route';
import { GET as modelFile } from './models/[version]/[file]/route';

const IMPORT_LIMIT = 256 * 1024;
const CHUNK = new TextEncoder().encode('{"text":"a line of text to label, repeated to fill the body"}\n'.repeat(256));

/** A body with no Content-Length that streams `total` bytes of JSON Lines on demand, counting what was pulled. */
function streamedBody(total: number) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
  });
  return { body, state };
}

const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe('HTTP API: body limits, ids and what outsiders learn', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let token: string;
  let outsiderToken: string;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness, { bodyLimits: { import: IMPORT_LIMIT } });
    const admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'http-api')).id;
    token = await issueApiToken(harness, admin, projectId);
    const outsider = await harness.createUser('Outsider');
    const ownProject = await harness.createProjectAs(admin, 'outsider-own');
    await harness.addToProject(ownProject.id, outsider, 'manager');
    outsiderToken = await issueApiToken(harness, outsider, ownProject.id);
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  const itemCount = () => countProjectItems(harness, projectId);

  it('refuses an import declared over the limit with 413 before reading it', async () => {
    const response = await importFile(
      new Request('http://localhost:3000/api/v1/projects/http-api/import?textField=text&format=jsonl', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': String(IMPORT_LIMIT + 1) },
        body: 'x',
      }),
      slugParams('http-api'),
    );
    expect(response.status).toBe(413);
  });

  it('cuts a streamed import off at the limit: 413, nothing imported, the rest never pulled', async () => {
    const { body, state } = streamedBody(50 * 1024 * 1024);
    const response = await importFile(
      new Request('http://localhost:3000/api/v1/projects/http-api/import?textField=text&format=jsonl', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body,
        duplex: 'half',
      } as RequestInit),
      slugParams('http-api'),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/larger than the limit of 256 KB/);
    expect(state.pulled).toBeLessThan(IMPORT_LIMIT + 8 * CHUNK.byteLength);
    expect(await itemCount()).toBe(0);
    // Under the limit the same stream imports.
    const small = streamedBody(CHUNK.byteLength);
    const ok = await importFile(
      new Request('http://localhost:3000/api/v1/projects/http-api/import?textField=text&format=jsonl', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: small.body,
        duplex: 'half',
      } as RequestInit),
      slugParams('http-api'),
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a preview body over 1 MB with 413, declared or streamed, without reading it all', async () => {
    const declared = await previewImport(
      new Request('http://localhost:3000/api/v1/projects/http-api/import/preview', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': String(200 * 1024 * 1024) },
        body: 'x',
      }),
      slugParams('http-api'),
    );
    expect(declared.status).toBe(413);
    const { body, state } = streamedBody(200 * 1024 * 1024);
    const streamed = await previewImport(
      new Request('http://localhost:3000/api/v1/projects/http-api/import/preview', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body, duplex: 'half' } as RequestInit),
      slugParams('http-api'),
    );
    expect(streamed.status).toBe(413);
    expect(state.pulled).toBeLessThan(1024 * 1024 + 2 * CHUNK.byteLength);
  });

  it('answers 404 alike for an unknown slug and for a project the caller may not see', async () => {
    const asOutsider = (slug: string) =>
      exportProject(new Request(`http://localhost:3000/api/v1/projects/${slug}/export`, { headers: { authorization: `Bearer ${outsiderToken}` } }), slugParams(slug));
    const unknown = await asOutsider('no-such-project');
    const existing = await asOutsider('http-api');
    expect([unknown.status, existing.status]).toEqual([404, 404]);
    expect(await existing.json()).toEqual(await unknown.json());
  });

  it('takes spaCy JSONL in a spans project only: recognised in the preview, imported, exported in code points; refused elsewhere with 400', async () => {
    const admin = await harness.createUser('Span admin', 'admin');
    const spans = await harness.createProjectAs(admin, 'http-spans', ['PER', 'LOC'], { taskType: 'spans' });
    const spansToken = await issueApiToken(harness, admin, spans.id);
    const auth = { authorization: `Bearer ${spansToken}` };
    const line = `${JSON.stringify({ id: 'p1', text: '🇫🇷 Paris', spans: [{ start: 3, end: 8, label: 'LOC' }] })}\n`;
    const preview = await previewImport(new Request('http://localhost:3000/api/v1/projects/http-spans/import/preview?fileName=ner.jsonl', { method: 'POST', headers: auth, body: line }), slugParams('http-spans'));
    const suggested = (await preview.json()) as { format: string; suggestedMapping: Record<string, unknown> };
    expect(suggested).toMatchObject({ format: 'spacy', suggestedMapping: { textField: 'text', labelField: 'spans', idField: 'id' } });
    const query = new URLSearchParams({ fileName: 'ner.jsonl', mapping: JSON.stringify(suggested.suggestedMapping) });
    const imported = await importFile(new Request(`http://localhost:3000/api/v1/projects/http-spans/import?${query}`, { method: 'POST', headers: auth, body: line }), slugParams('http-spans'));
    expect(await imported.json()).toMatchObject({ status: 'succeeded', format: 'spacy', itemsCreated: 1 });
    const exported = await exportProject(new Request('http://localhost:3000/api/v1/projects/http-spans/export?format=spacy', { headers: auth }), slugParams('http-spans'));
    expect(exported.headers.get('content-disposition')).toContain('http-spans-all.spacy.jsonl');
    expect(JSON.parse(await exported.text())).toMatchObject({ text: '🇫🇷 Paris', spans: [], _quorum: { external_id: 'p1', gold_spans: [{ start: 3, end: 8, label: 'LOC' }] } });
    const refused = await exportProject(new Request('http://localhost:3000/api/v1/projects/http-api/export?format=spacy', { headers: { authorization: `Bearer ${token}` } }), slugParams('http-api'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('spaCy JSONL carries spans');
  });

  it('answers a model version out of range with 400, not a 500 quoting SQL', async () => {
    const response = await modelFile(
      new Request(`http://localhost:3000/api/v1/projects/http-api/models/${Number.MAX_SAFE_INTEGER}/model.json`, { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ slug: 'http-api', version: String(Number.MAX_SAFE_INTEGER), file: 'model.json' }) },
    );
    expect(response.status).toBe(400);
  });
});
