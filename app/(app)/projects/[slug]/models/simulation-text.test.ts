import { describe, expect, it } from 'vitest';
import { describeSimulationOption, describeSimulationProgress } from './simulation-text';

const createdAt = new Date('2026-03-04T10:05:00Z');

describe('simulation run text', () => {
  it('names a running simulation by when it started, not by its job id', () => {
    const text = describeSimulationProgress({ jobId: 2, status: 'running', createdAt, progress: { strategy: 'margin', labels: 120 } });
    expect(text).not.toMatch(/#\s*2|Simulation 2/);
    expect(text).toMatch(/^The simulation started .*2026.* is running — Margin at 120 labels$/);
  });

  it('says a queued one waits for the worker', () => {
    expect(describeSimulationProgress({ jobId: 7, status: 'queued', createdAt, progress: null })).toMatch(/is waiting for the worker$/);
  });

  it('lists runs by start time and status', () => {
    const option = describeSimulationOption({ jobId: 15, status: 'succeeded', createdAt, progress: null });
    expect(option).toMatch(/^Started .*2026.* · succeeded$/);
    expect(option).not.toContain('15');
  });
});
