import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { alarmLevel, bettingFraction, isAlarm, observeAudit, startAuditTest, type TAuditTestState } from './audit-e-process';
import { clopperPearsonLower } from './clopper-pearson-lower';
import { clopperPearsonUpper } from '../certify/clopper-pearson';

const run = (outcomes: readonly number[], alpha: number): TAuditTestState => outcomes.reduce((state, x) => observeAudit(state, x === 1, alpha), startAuditTest(alpha));

describe('the audit e-process', () => {
  it('matches a hand-computed mixed sequence (α = 10%)', () => {
    // p̂ starts at α: no bet on the first audit. Then each factor is p̂/α after an error and
    // (1 − p̂)/(1 − α) after a correct answer, and p̂ ← 0.95·p̂ + 0.05·X (weight α/2):
    //   1: X=1, factor 1;                         p̂ = 0.95·0.1 + 0.05 = 0.145
    //   2: X=0, factor 0.855/0.9 = 0.95;          p̂ = 0.95·0.145 = 0.13775
    //   3: X=1, factor 1.3775;                    p̂ = 0.95·0.13775 + 0.05 = 0.1808625
    //   4: X=1, factor 1.808625.
    const state = run([1, 0, 1, 1], 0.1);
    expect(state).toMatchObject({ audits: 4, errors: 3 });
    expect(state.evidence).toBeCloseTo(0.95 * 1.3775 * 1.808625, 12);
    expect(state.estimate).toBeCloseTo(0.95 * 0.1808625 + 0.05, 12);
  });

  it('trips on the sixth error in a row at α = δ = 5% (the fail-closed service test relies on this)', () => {
    // p̂: 0.05, 0.07375, 0.09690625, 0.11948359375, 0.14149650390625, 0.16295909130859375 (p̂ ← 0.975·p̂ + 0.025);
    // E after five errors = Π p̂/α = 19.33 < 20, after six 63.01 ≥ 1/δ = 20.
    const five = run([1, 1, 1, 1, 1], 0.05);
    expect(five.evidence).toBeCloseTo(1.475 * 1.938125 * 2.389671875 * 2.829930078125, 9);
    expect(isAlarm(five, 0.05)).toBe(false);
    const six = observeAudit(five, true, 0.05);
    expect(six.evidence).toBeCloseTo(63.00809818, 6);
    expect(isAlarm(six, 0.05)).toBe(true);
    expect(alarmLevel(0.05)).toBe(20);
  });

  it('clips the bet so one correct answer costs at most half the evidence (α = 50%)', () => {
    // p̂: 0.5, 0.625, 0.71875, 0.7890625 (weight 0.25). The cap λ ≤ 0.5/α = 1 binds once p̂ > 0.75:
    // factors 1, 1.25, 1.4375, then 1 + 1·0.5 = 1.5 (not 1.578), then a correct answer 1 − 1·0.5 = 0.5.
    const state = run([1, 1, 1, 1, 0], 0.5);
    expect(state.evidence).toBeCloseTo(1.25 * 1.4375 * 1.5 * 0.5, 12);
    expect(bettingFraction(0.99, 0.05)).toBe(10);
    expect(bettingFraction(0.01, 0.05)).toBe(0);
    // At the cap every factor stays positive: 1 − λα = 1 − 0.5.
    expect(1 + bettingFraction(1, 0.02) * (0 - 0.02)).toBeCloseTo(0.5, 12);
  });

  it('keeps false alarms at or below δ when the error rate is exactly α, checked after every audit', () => {
    const alpha = 0.05;
    const delta = 0.05;
    const rng = createRng(20_260_515);
    const runs = 2000;
    const horizon = 1000;
    // The naive monitor re-tests the fixed-n bound every 10 audits: the fewest errors at which its lower bound clears α, per n.
    const peekErrors = new Map<number, number>();
    for (let n = 20; n <= horizon; n += 10) peekErrors.set(n, fewestErrorsAbove(alpha, n, delta));
    let alarms = 0;
    let peekingAlarms = 0;
    for (let r = 0; r < runs; r++) {
      let state = startAuditTest(alpha);
      let hasPeekedAlarm = false;
      for (let t = 0; t < horizon && !isAlarm(state, delta); t++) {
        state = observeAudit(state, rng.next() < alpha, alpha);
        const needed = peekErrors.get(state.audits);
        if (needed !== undefined && state.errors >= needed) hasPeekedAlarm = true;
      }
      if (isAlarm(state, delta)) alarms++;
      if (hasPeekedAlarm) peekingAlarms++;
    }
    expect(alarms / runs).toBeLessThanOrEqual(delta);
    // The same simulation catches an invalid monitor: peeking at a fixed-n bound alarms far more often than δ.
    expect(peekingAlarms / runs).toBeGreaterThan(2 * delta);
  });

  it('trips within a reasonable number of audits when the error rate is 3α', () => {
    const alpha = 0.05;
    const rng = createRng(7);
    const tripsAt: number[] = [];
    for (let r = 0; r < 400; r++) {
      let state = startAuditTest(alpha);
      while (!isAlarm(state, 0.05) && state.audits < 5000) state = observeAudit(state, rng.next() < 3 * alpha, alpha);
      tripsAt.push(state.audits);
    }
    tripsAt.sort((a, b) => a - b);
    // The oracle bet would need ln 20 / KL(0.15‖0.05) ≈ 43 audits on average; this seed gives a median 66, 90% by 148,
    // and never fewer than the six errors in a row that are the fastest possible trip.
    expect(tripsAt[200]).toBeLessThanOrEqual(80);
    expect(tripsAt[360]).toBeLessThanOrEqual(200);
    expect(tripsAt[0]).toBeGreaterThanOrEqual(6);
  });

  it('follows a model that degrades after a long good run', () => {
    const alpha = 0.05;
    const rng = createRng(11);
    const delays: number[] = [];
    for (let r = 0; r < 200; r++) {
      let state = startAuditTest(alpha);
      for (let t = 0; t < 2000; t++) state = observeAudit(state, rng.next() < alpha / 2, alpha);
      const before = state.audits;
      while (!isAlarm(state, 0.05) && state.audits < before + 5000) state = observeAudit(state, rng.next() < 3 * alpha, alpha);
      delays.push(state.audits - before);
    }
    delays.sort((a, b) => a - b);
    expect(delays[100]).toBeLessThanOrEqual(150);
  });
});

/** The fewest errors in n audits whose Clopper–Pearson lower bound exceeds α (the bound rises with k). */
function fewestErrorsAbove(alpha: number, n: number, delta: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (clopperPearsonLower(mid, n, delta) > alpha) high = mid;
    else low = mid + 1;
  }
  return low;
}

describe('clopperPearsonLower', () => {
  it('matches the published exact 95% intervals (2.5% on each side)', () => {
    // 5 of 10: [0.1871, 0.8129]; 1 of 10: [0.0025, 0.4450] (Clopper & Pearson 1934; Newcombe 1998, table I).
    expect(clopperPearsonLower(5, 10, 0.025)).toBeCloseTo(0.187086, 5);
    expect(clopperPearsonLower(1, 10, 0.025)).toBeCloseTo(0.002529, 5);
  });

  it('is 0 without errors, δ^(1/n) when every case is an error, and mirrors the upper bound', () => {
    expect(clopperPearsonLower(0, 50, 0.05)).toBe(0);
    expect(clopperPearsonLower(10, 10, 0.05)).toBeCloseTo(0.05 ** 0.1, 14);
    // L(k, n) = 1 − U(n − k, n): the lower bound on errors is the upper bound on successes, reflected.
    for (const [k, n] of [[3, 40], [17, 200], [1, 2]] as const) expect(clopperPearsonLower(k, n, 0.05)).toBeCloseTo(1 - clopperPearsonUpper(n - k, n, 0.05), 9);
    expect(() => clopperPearsonLower(3, 2, 0.05)).toThrow(RangeError);
  });
});
