import { describe, expect, it } from 'vitest';
import { describeDeadline } from './format-deadline';

describe('describeDeadline', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it('words overdue and upcoming deadlines in the nearest sensible unit', () => {
    expect(describeDeadline(null, now)).toBe('No deadline');
    expect(describeDeadline(new Date('2026-12-06T11:48:00Z'), now)).toBe('Overdue by 12 min');
    expect(describeDeadline(new Date('2026-12-06T12:00:20Z'), now)).toBe('Due in under a minute');
    expect(describeDeadline(new Date('2026-12-06T15:00:00Z'), now)).toBe('Due in 3 h');
    expect(describeDeadline(new Date('2026-12-09T12:00:00Z'), now)).toBe('Due in 3 days');
  });
});
