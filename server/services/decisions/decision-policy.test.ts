import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { resolveDeadline, routeCase, ZDecisionPolicy, type TCaseForRouting, type TRoutingCertificate } from './decision-policy';

const policy = (overrides: Record<string, unknown> = {}) => ZDecisionPolicy.parse({ auditShare: 0, ...overrides });
const certified: TRoutingCertificate = { id: 1, form: 'error', threshold: 0.9, labelThresholds: null };
const confident: TCaseForRouting = { prediction: { label: 'refund', probability: 0.95 }, metadata: { country: 'DE', vip: false }, payloadBytes: 100, certificate: certified, isMonitorTripped: false };
const never = () => 0.999;

describe('routeCase', () => {
  it('lets the model decide at or above the certified threshold and sends the rest to people', () => {
    expect(routeCase(policy(), confident, never)).toEqual({ route: 'auto', reason: 'above_threshold', sampled: false, audit: false });
    expect(routeCase(policy(), { ...confident, prediction: { label: 'refund', probability: 0.9 } }, never).route).toBe('auto');
    expect(routeCase(policy(), { ...confident, prediction: { label: 'refund', probability: 0.899 } }, never)).toEqual({ route: 'human', reason: 'below_threshold', sampled: false, audit: false });
    expect(routeCase(policy(), { ...confident, certificate: { ...certified, threshold: null } }, never).reason).toBe('no_threshold');
    expect(routeCase(policy(), { ...confident, prediction: null }, never).reason).toBe('no_model');
  });

  it('decides nothing without an approved certificate, in either mode that lets the model decide', () => {
    for (const mode of ['human_in_the_loop', 'human_on_the_loop']) {
      expect(routeCase(policy({ mode }), { ...confident, certificate: null }, never)).toEqual({ route: 'human', reason: 'not_certified', sampled: false, audit: false });
    }
  });

  it('routes a per-label certificate by the predicted label’s own threshold', () => {
    const perLabel: TRoutingCertificate = { id: 2, form: 'per_label', threshold: null, labelThresholds: { refund: 0.97, other: 0.6 } };
    expect(routeCase(policy(), { ...confident, certificate: perLabel }, never).reason).toBe('below_threshold');
    expect(routeCase(policy(), { ...confident, prediction: { label: 'other', probability: 0.61 }, certificate: perLabel }, never).reason).toBe('above_threshold');
    expect(routeCase(policy(), { ...confident, prediction: { label: 'unlisted', probability: 0.99 }, certificate: perLabel }, never).reason).toBe('no_threshold');
  });

  it('fails closed when the monitor tripped, unless the policy says otherwise', () => {
    expect(routeCase(policy(), { ...confident, isMonitorTripped: true }, never).reason).toBe('monitor_tripped');
    expect(routeCase(policy({ failClosed: false }), { ...confident, isMonitorTripped: true }, never).route).toBe('auto');
  });

  it('draws the sample before routing, so people’s cases are sampled as often as the model’s', () => {
    const rng = createRng(11);
    const routes = Array.from({ length: 20_000 }, (_, i) => routeCase(policy({ auditShare: 0.1 }), { ...confident, prediction: { label: 'refund', probability: i % 2 ? 0.95 : 0.5 } }, () => rng.next()));
    for (const route of ['auto', 'human'] as const) {
      const share = routes.filter((r) => r.route === route && r.sampled).length / routes.filter((r) => r.route === route).length;
      // Binomial(10000, 0.1): sd 0.003, so ±0.015 is 5 sd.
      expect(Math.abs(share - 0.1)).toBeLessThan(0.015);
    }
    expect(routes.every((r) => r.audit === (r.sampled && r.route === 'auto'))).toBe(true);
    // Nothing is drawn for the cases the rules send to people: they are not the model's traffic.
    expect(routeCase(policy({ auditShare: 1, escalateLabels: ['refund'] }), confident, () => 0).sampled).toBe(false);
  });

  it('puts the stop switch over every mode and rule, and human-only over the model', () => {
    for (const mode of ['human_in_the_loop', 'human_on_the_loop', 'human_only']) {
      expect(routeCase(policy({ mode, stopped: true }), confident, never)).toEqual({ route: 'human', reason: 'stopped', sampled: false, audit: false });
    }
    expect(routeCase(policy({ mode: 'human_only' }), confident, never).reason).toBe('human_only');
  });

  it('always escalates the listed labels, metadata matches (same type) and large payloads', () => {
    expect(routeCase(policy({ escalateLabels: ['refund'] }), confident, never).reason).toBe('escalate_label');
    expect(routeCase(policy({ escalateMetadata: [{ key: 'country', equals: 'DE' }] }), confident, never).reason).toBe('escalate_metadata');
    expect(routeCase(policy({ escalateMetadata: [{ key: 'vip', equals: false }] }), confident, never).reason).toBe('escalate_metadata');
    // 'false' the string is not false the boolean; an inherited key is not metadata.
    expect(routeCase(policy({ escalateMetadata: [{ key: 'vip', equals: 'false' }, { key: 'toString', equals: 'x' }] }), confident, never).route).toBe('auto');
    expect(routeCase(policy({ escalatePayloadBytes: 99 }), confident, never).reason).toBe('escalate_payload_size');
    expect(routeCase(policy({ escalatePayloadBytes: 100 }), confident, never).route).toBe('auto');
  });

  it('on the loop decides everything automatically and audits an unbiased share', () => {
    const rng = createRng(7);
    const routes = Array.from({ length: 20_000 }, () => routeCase(policy({ mode: 'human_on_the_loop', auditShare: 0.1 }), { ...confident, prediction: { label: 'x', probability: 0.3 } }, () => rng.next()));
    expect(routes.every((r) => r.route === 'auto' && r.reason === 'on_the_loop')).toBe(true);
    const audited = routes.filter((r) => r.audit).length / routes.length;
    // Binomial(20000, 0.1): sd 0.0021, so ±0.01 is ~5 sd.
    expect(audited).toBeGreaterThan(0.09);
    expect(audited).toBeLessThan(0.11);
  });

  it('refuses a policy it cannot apply, with the field named', () => {
    expect(() => ZDecisionPolicy.parse({ blindShare: 1.5 })).toThrow(/blindShare/);
    expect(() => ZDecisionPolicy.parse({ auditShare: -0.1 })).toThrow(/auditShare/);
    expect(() => ZDecisionPolicy.parse({ mode: 'robots_only' })).toThrow(/mode/);
    expect(() => ZDecisionPolicy.parse({ escalateLabels: Array.from({ length: 51 }, (_, i) => `l${i}`) })).toThrow(/escalateLabels/);
  });
});

describe('resolveDeadline', () => {
  it('applies the project’s deadline action, each with its own reason', () => {
    const prediction = { label: 'refund', probability: 0.8 };
    expect(resolveDeadline({ deadlineAction: 'reject', deadlineThreshold: null }, prediction, true)).toEqual({ status: 'rejected', reason: 'deadline_reject' });
    expect(resolveDeadline({ deadlineAction: 'escalate', deadlineThreshold: null }, prediction, true)).toEqual({ status: 'escalated', reason: 'deadline_escalate' });
    expect(resolveDeadline({ deadlineAction: 'pending', deadlineThreshold: null }, prediction, true)).toEqual({ status: 'pending', reason: 'deadline_pending' });
    expect(resolveDeadline({ deadlineAction: 'model', deadlineThreshold: 0.75 }, prediction, true)).toEqual({ status: 'decided', reason: 'deadline_model', label: 'refund' });
    expect(resolveDeadline({ deadlineAction: 'model', deadlineThreshold: 0.85 }, prediction, true)).toEqual({ status: 'rejected', reason: 'deadline_model_unsure' });
    expect(resolveDeadline({ deadlineAction: 'model', deadlineThreshold: 0.5 }, null, true)).toEqual({ status: 'rejected', reason: 'deadline_model_unsure' });
    // A model that was never certified and approved decides nothing, not even at the deadline.
    expect(resolveDeadline({ deadlineAction: 'model', deadlineThreshold: 0.5 }, prediction, false)).toEqual({ status: 'rejected', reason: 'deadline_model_uncertified' });
  });
});
