import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';

vi.mock('@/server/services/data/import-items', () => ({
  importItems: vi.fn(async () => {
    throw new Error('insert into items (project_id, text) values ($1, $2) -- params: 7, secret text');
  }),
}));

const { POST: importFile } = await import('./route');

describe('a streamed import that fails unexpectedly', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let token: string;

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    const admin = await harness.createUser('Admin', 'admin');
    token = await issueApiToken(harness, admin, (await harness.createProjectAs(admin, 'stream-errors')).id);
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  it('ends the progress stream with a generic message and a request id, never the SQL', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await importFile(
      new Request('http://localhost:3000/api/v1/projects/stream-errors/import?format=jsonl&textField=text', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
        body: '{"text":"a"}\n',
      }),
      { params: Promise.resolve({ slug: 'stream-errors' }) },
    );
    const events = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message?: string });
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    expect(last.message).toMatch(/Something went wrong on the server \(request id [0-9a-f-]{36}\)/);
    expect(JSON.stringify(events)).not.toMatch(/insert into|params|secret/);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
