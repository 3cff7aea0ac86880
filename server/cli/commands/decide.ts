import fs from 'node:fs';
import readline from 'node:readline';
import { Command } from 'commander';
import { MAX_BATCH_CASES, MAX_WAIT_SECONDS, ZDecisionCase, type TDecisionCase } from '@/server/services/decisions/decision-request';
import { describeRemoteOptions, fetchRemote, resolveRemote, type TRemote, type TRemoteOptions } from '../target';

type TDecideCliOptions = TRemoteOptions & {
  project: string;
  text?: string;
  file?: string;
  payloadFile?: string;
  metadata: Record<string, string>;
  idempotencyKey?: string;
  callbackUrl?: string;
  deadline?: string;
  wait: number;
};

type TDecisionJson = { id: string; status: string };

/** `--metadata k=v`, repeatable: values stay strings (what a shell gives). */
function collectMetadata(pair: string, previous: Record<string, string>): Record<string, string> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new Error(`--metadata takes key=value, got "${pair}"`);
  return { ...previous, [pair.slice(0, at)]: pair.slice(at + 1) };
}

function parseWait(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw new Error('--wait takes whole seconds from 0 to 3600');
  return seconds;
}

/** A case checked here with the API's own schema, so a mistake is reported before anything is sent. */
function checkCase(value: unknown, where: string): TDecisionCase {
  const parsed = ZDecisionCase.safeParse(value);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'case'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/** Holds a pending decision up to `seconds` in total, one server long-poll (≤ 30 s) at a time. */
async function waitForDecision(remote: TRemote, project: string, decision: TDecisionJson, seconds: number): Promise<TDecisionJson> {
  const until = Date.now() + seconds * 1000;
  let current = decision;
  while (current.status === 'pending' && Date.now() < until) {
    const wait = Math.min(MAX_WAIT_SECONDS, Math.ceil((until - Date.now()) / 1000));
    const response = await fetchRemote(remote, `/api/v1/projects/${encodeURIComponent(project)}/decisions/${encodeURIComponent(current.id)}?wait=${wait}`);
    current = (await response.json()) as TDecisionJson;
  }
  return current;
}

async function sendOne(remote: TRemote, options: TDecideCliOptions): Promise<void> {
  const entry = checkCase(
    {
      text: options.text,
      ...(options.payloadFile ? { payload: JSON.parse(fs.readFileSync(options.payloadFile, 'utf8')) as unknown } : {}),
      ...(Object.keys(options.metadata).length > 0 ? { metadata: options.metadata } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
      ...(options.deadline ? { deadline: options.deadline } : {}),
    },
    'the case',
  );
  const response = await fetchRemote(remote, `/api/v1/projects/${encodeURIComponent(options.project)}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(entry),
  });
  const decision = (await response.json()) as TDecisionJson;
  process.stdout.write(`${JSON.stringify(options.wait > 0 ? await waitForDecision(remote, options.project, decision, options.wait) : decision)}\n`);
}

/** A JSON Lines file of cases through the batch endpoint, 1,000 at a time; one result per line, in order. */
async function sendFile(remote: TRemote, options: TDecideCliOptions): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(options.file!, 'utf8'), crlfDelay: Infinity });
  let batch: TDecisionCase[] = [];
  let lineNumber = 0;
  let failed = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const response = await fetchRemote(remote, `/api/v1/projects/${encodeURIComponent(options.project)}/decisions:batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cases: batch }),
    });
    const { results } = (await response.json()) as { results: { status: number; decision?: TDecisionJson; error?: unknown }[] };
    for (const result of results) {
      if (result.error) failed++;
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
    batch = [];
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${lineNumber}: not JSON`);
    }
    batch.push(checkCase(value, `line ${lineNumber}`));
    if (batch.length === MAX_BATCH_CASES) await flush();
  }
  await flush();
  if (failed > 0) {
    process.stderr.write(`quorum: ${failed} case${failed === 1 ? '' : 's'} refused (see their "error")\n`);
    process.exitCode = 1;
  }
}

export function decideCommand(): Command {
  const remote = describeRemoteOptions();
  return new Command('decide')
    .description('Send a case (or a JSON Lines file of cases) to a project for a decision, through a running server; prints JSON')
    .requiredOption('--project <slug>', 'project that decides')
    .option('--text <text>', 'the case to decide')
    .option('--file <cases.jsonl>', `JSON Lines of cases ({"text", "payload", "metadata", "idempotencyKey", ...}), sent ${MAX_BATCH_CASES.toLocaleString('en')} at a time`)
    .option('--payload-file <file.json>', 'structured payload (JSON) shown to reviewers with the text')
    .option('--metadata <key=value>', 'metadata pair (repeatable)', collectMetadata, {})
    .option('--idempotency-key <key>', 'retrying with the same key returns the same decision')
    .option('--callback-url <url>', 'webhook receiver for this case')
    .option('--deadline <iso-date-time>', 'when the project’s deadline action runs')
    .option('--wait <seconds>', 'wait this long for a pending decision to be settled', parseWait, 0)
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: TDecideCliOptions) => {
      const target = resolveRemote(options);
      if (!target) throw new Error('decide talks to a running server: pass --url <server> and --token <API token>');
      if ((options.text === undefined) === (options.file === undefined)) throw new Error('pass either --text or --file');
      if (options.file) await sendFile(target, options);
      else await sendOne(target, options);
    });
}
