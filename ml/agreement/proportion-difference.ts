import { computeWilsonInterval } from './wilson-interval';

/**
 * A 95% interval for the difference of two independent proportions x1/n1 − x2/n2: Newcombe's
 * hybrid score interval (Newcombe 1998, method 10), built from each proportion's Wilson interval.
 * Unlike the Wald interval of the difference it stays inside [−1, 1] and keeps near its nominal
 * coverage with a handful of observations or proportions at 0 or 1, which is where one reviewer's
 * answers in one condition often are. Null when either side has no observations.
 */
export function computeProportionDifferenceInterval(x1: number, n1: number, x2: number, n2: number): { estimate: number; ci95: [number, number] } | null {
  const first = computeWilsonInterval(x1, n1);
  const second = computeWilsonInterval(x2, n2);
  if (!first || !second) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const estimate = p1 - p2;
  const low = estimate - Math.sqrt((p1 - first[0]) ** 2 + (second[1] - p2) ** 2);
  const high = estimate + Math.sqrt((first[1] - p1) ** 2 + (p2 - second[0]) ** 2);
  return { estimate, ci95: [Math.max(-1, low), Math.min(1, high)] };
}
