import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '@/server/cli/index';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { POST as postBatch } from '../decisions:batch/route';
import { GET as getOne } from './[id]/route';
import { GET as list, POST as postOne } from './route';

/** The decision routes behind a real HTTP port, dispatched as Next would. */
function serveDecisionRoutes(): http.Server {
  return http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = `http://127.0.0.1${incoming.url}`;
    const request = new Request(url, {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const { pathname } = new URL(url);
    const [, slug, rest] = /^\/api\/v1\/projects\/([^/]+)\/(.*)$/.exec(pathname) ?? [];
    const params = { params: Promise.resolve({ slug: slug!, id: rest?.split('/')[1] ?? '' }) };
    const response =
      rest === 'decisions:batch'
        ? await postBatch(request, params)
        : rest === 'decisions'
          ? await (incoming.method === 'POST' ? postOne : list)(request, params)
          : await getOne(request, params);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
}

describe('quorum decide', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let server: http.Server;
  let baseUrl: string;
  let token: string;
  let directory: string;

  const runDecide = async (args: string[]) => {
    const written: string[] = [];
    const errors: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
    process.exitCode = undefined;
    try {
      await runCli(['node', 'quorum', 'decide', '--project', 'cli-decide', '--url', baseUrl, '--token', token, ...args]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const code = process.exitCode ?? 0;
    process.exitCode = undefined;
    return { code, stdout: written.join(''), stderr: errors.join('') };
  };

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    const owner = await harness.createUser('Owner', 'admin');
    const { id } = await harness.createProjectAs(owner, 'cli-decide');
    await setDecisionPolicy(harness.db, id, { mode: 'human_only' });
    token = await issueApiToken(harness, owner, id);
    server = serveDecisionRoutes();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-decide-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    uninstall();
    await harness.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('sends one case with payload, metadata and key, and waits for it', async () => {
    const payloadFile = path.join(directory, 'payload.json');
    fs.writeFileSync(payloadFile, JSON.stringify({ action: 'refund', amount: 12 }));
    const args = ['--text', 'refund order 12', '--payload-file', payloadFile, '--metadata', 'tier=gold', '--metadata', 'region=eu', '--idempotency-key', 'cli-1', '--wait', '1'];
    const first = await runDecide(args);
    expect(first.code).toBe(0);
    const decision = JSON.parse(first.stdout);
    expect(decision).toMatchObject({ status: 'pending', route: 'human', routeReason: 'human_only', metadata: { tier: 'gold', region: 'eu' } });
    const again = await runDecide(args.slice(0, -2));
    expect(JSON.parse(again.stdout).id).toBe(decision.id);
    const reused = await runDecide(['--text', 'something else', '--idempotency-key', 'cli-1']);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/409 from the server: Idempotency key already used/);
  });

  it('sends a JSON Lines file through the batch endpoint, one result per line', async () => {
    const file = path.join(directory, 'cases.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ text: 'first' })}\n\n${JSON.stringify({ text: 'second', idempotencyKey: 'cli-1' })}\n${JSON.stringify({ text: 'third', metadata: { n: 3 } })}\n`);
    const result = await runDecide(['--file', file]);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.status)).toEqual([201, 409, 201]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 case refused/);
    fs.writeFileSync(file, '{"text": "ok"}\n{"text": ""}\n');
    const invalid = await runDecide(['--file', file]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/line 2: text:/);
    expect(invalid.stdout).toBe('');
  });

  it('needs a server and exactly one of --text and --file', async () => {
    expect((await runDecide([])).stderr).toMatch(/either --text or --file/);
    const local = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runCli(['node', 'quorum', 'decide', '--project', 'cli-decide', '--text', 'x']);
    local.mockRestore();
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
  });
});
