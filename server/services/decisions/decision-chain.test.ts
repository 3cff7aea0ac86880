import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, findChainBreak, GENESIS_HASH, hashChainEntry, type TChainEntry } from './decision-chain';

function buildChain(bodies: unknown[]): TChainEntry[] {
  const entries: TChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  bodies.forEach((body, i) => {
    const hash = hashChainEntry(prevHash, i + 1, body);
    entries.push({ seq: i + 1, body, prevHash, hash });
    prevHash = hash;
  });
  return entries;
}

const bodies = [
  { event: 'created', decision: 'd1', route: 'human', reason: 'below_threshold', probabilities: [0.6, 0.4] },
  { event: 'decided', decision: 'd1', by: 'u7', label: 'refund' },
  { event: 'created', decision: 'd2', route: 'auto', reason: 'above_threshold', probabilities: [0.02, 0.98] },
];

describe('decision chain', () => {
  it('hashes the previous hash, the sequence number and the canonical body with SHA-256', () => {
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n1\n{"a":1,"b":[true,null,"x"]}`).digest('hex');
    expect(hashChainEntry(GENESIS_HASH, 1, { b: [true, null, 'x'], a: 1 })).toBe(expected);
  });

  it('accepts an intact chain and finds an edited, deleted or reordered entry', () => {
    const chain = buildChain(bodies);
    expect(findChainBreak(chain)).toBeNull();

    const edited = chain.map((e) => ({ ...e }));
    edited[1] = { ...edited[1]!, body: { ...(bodies[1] as object), label: 'no_refund' } };
    expect(findChainBreak(edited)).toEqual({ seq: 2, problem: 'content' });

    // Rewriting the edited entry's hash too only moves the break to the next link.
    edited[1]!.hash = hashChainEntry(edited[1]!.prevHash, 2, edited[1]!.body);
    expect(findChainBreak(edited)).toEqual({ seq: 3, problem: 'link' });

    expect(findChainBreak([chain[0]!, chain[2]!])).toEqual({ seq: 3, problem: 'sequence' });
    expect(findChainBreak([chain[1]!, chain[0]!, chain[2]!])).toEqual({ seq: 2, problem: 'link' });
  });

  it('hashes a body the same whatever order its keys come back in', () => {
    const [entry] = buildChain([{ x: { b: 2, a: 1 }, y: 'z' }]);
    expect(findChainBreak([{ ...entry!, body: { y: 'z', x: { a: 1, b: 2 } } }])).toBeNull();
  });

  it('refuses values JSON would change: NaN, Infinity, functions', () => {
    expect(() => canonicalJson({ p: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(canonicalJson({ skipped: undefined, kept: 'é\u2028' })).toBe('{"kept":"é\u2028"}');
  });
});
