import type { TMarkRange } from './split-span-segments';

/**
 * A lane per range such that ranges sharing a code unit never share a lane: overlapping spans get
 * underlines at different depths, so each stays visible. Greedy interval colouring in text order,
 * longer ranges first at a tie, so an enclosing span sits in the outer (lower) lane.
 */
export function assignSpanLanes(ranges: readonly TMarkRange[]): number[] {
  const order = ranges.map((_, index) => index).sort((a, b) => ranges[a]!.start - ranges[b]!.start || ranges[b]!.end - ranges[a]!.end || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(ranges.length).fill(0);
  for (const index of order) {
    const range = ranges[index]!;
    let lane = laneEnds.findIndex((end) => end <= range.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = range.end;
    lanes[index] = lane;
  }
  return lanes;
}
