import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './minimize-lbfgs';

describe('minimizeLbfgs', () => {
  it('finds the minimum of a convex quadratic, (x−3)² + 10(y+1)²', () => {
    const result = minimizeLbfgs((x, g) => {
      g[0] = 2 * (x[0]! - 3);
      g[1] = 20 * (x[1]! + 1);
      return (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2;
    }, new Float64Array(2));
    expect(result.x[0]).toBeCloseTo(3, 5);
    expect(result.x[1]).toBeCloseTo(-1, 5);
    expect(result.isConverged).toBe(true);
  });

  it('minimizes the Rosenbrock function to (1, 1)', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 500, gradientTolerance: 1e-8, relativeTolerance: 0 },
    );
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });
});
