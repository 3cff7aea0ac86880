import { createHash } from 'node:crypto';

/**
 * The decision log's tamper evidence: each entry carries the hash of the one before it, so
 * editing, deleting or reordering any entry breaks every hash after it. The hash covers the
 * entry's canonical JSON (keys sorted at every level), so a row read back from the database
 * hashes the same whatever order its JSON columns come back in.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type TChainEntry = { seq: number; body: unknown; prevHash: string; hash: string };

export function hashChainEntry(prevHash: string, seq: number, body: unknown): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${canonicalJson(body)}`).digest('hex');
}

/** The first entry whose link or content does not check out, or null for an intact chain. */
export function findChainBreak(entries: readonly TChainEntry[]): { seq: number; problem: 'sequence' | 'link' | 'content' } | null {
  let prevHash = GENESIS_HASH;
  let expectedSeq = entries[0]?.seq ?? 1;
  for (const entry of entries) {
    const problem = checkChainEntry(entry, expectedSeq, prevHash);
    if (problem) return { seq: entry.seq, problem };
    prevHash = entry.hash;
    expectedSeq++;
  }
  return null;
}

/** What is wrong with one entry given the sequence number and hash the chain expects, or null. */
export function checkChainEntry(entry: TChainEntry, expectedSeq: number, prevHash: string): 'sequence' | 'link' | 'content' | null {
  if (entry.seq !== expectedSeq) return 'sequence';
  if (entry.prevHash !== prevHash) return 'link';
  if (hashChainEntry(entry.prevHash, entry.seq, entry.body) !== entry.hash) return 'content';
  return null;
}

/** JSON with object keys sorted at every level; refuses what JSON cannot carry faithfully. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`a decision log entry cannot hold ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`a decision log entry cannot hold a ${typeof value}`);
}

/** SHA-256 of a value's canonical JSON: requests, policies and inputs hash the same whatever their key order. */
export function hashCanonicalJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
