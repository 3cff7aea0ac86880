import { describe, expect, it } from 'vitest';
import { RefillPoint } from './refill-point';

function answersEvery(point: RefillPoint, intervalMs: number, count: number): void {
  for (let index = 0; index < count; index++) point.recordAnswer(index * intervalMs);
}

describe('RefillPoint', () => {
  it('refills at two tasks left before it has measured anything', () => {
    expect(new RefillPoint(8).tasksLeft).toBe(2);
  });

  it('refills a batch of one when it is empty, and a batch of two at one left', () => {
    const one = new RefillPoint(1);
    const two = new RefillPoint(2);
    for (const point of [one, two]) {
      answersEvery(point, 100, 5);
      point.recordRoundTrip(2000);
    }
    expect(one.tasksLeft).toBe(0);
    expect(two.tasksLeft).toBe(1);
  });

  it('covers the slowest recent round trip at the median pace, plus one task', () => {
    const point = new RefillPoint(16);
    answersEvery(point, 100, 10);
    point.recordRoundTrip(120);
    point.recordRoundTrip(450);
    point.recordRoundTrip(200);
    // ceil(450 / 100) + 1
    expect(point.tasksLeft).toBe(6);
  });

  it('never refills below two or above half the batch', () => {
    const fast = new RefillPoint(8);
    answersEvery(fast, 2000, 4);
    fast.recordRoundTrip(30);
    expect(fast.tasksLeft).toBe(2);

    const slow = new RefillPoint(8);
    answersEvery(slow, 100, 4);
    slow.recordRoundTrip(1500);
    expect(slow.tasksLeft).toBe(4);
  });

  it('forgets old round trips and ignores pauses when judging the pace', () => {
    const point = new RefillPoint(20);
    point.recordRoundTrip(3000);
    for (let index = 0; index < 8; index++) point.recordRoundTrip(250);
    answersEvery(point, 100, 6);
    // A coffee break is not the annotator's pace.
    point.recordAnswer(60_000);
    point.recordAnswer(60_100);
    // ceil(250 / 100) + 1; the 3 s round trip was pushed out by eight newer ones.
    expect(point.tasksLeft).toBe(4);
  });
});
