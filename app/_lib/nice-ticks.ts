/**
 * Axis ticks a person reads at a glance: steps of 1, 2 or 5 × 10^k from a multiple of the step
 * (0, 100, 200 … 500; never 20, 170, 320, 470, 500). Recharts spreads ticks evenly over whatever
 * domain it is given, so charts pass these ticks and their domain explicitly.
 */
export type TNiceAxis = { domain: [number, number]; ticks: number[]; step: number };

/** The 1/2/5 × 10^k value nearest `value` (rounded) or just at or above it. */
function niceNumber(value: number, isRounded: boolean): number {
  const exponent = Math.floor(Math.log10(value));
  const fraction = value / 10 ** exponent;
  const nice = isRounded ? (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

/**
 * About `count` ticks covering [min, max]. `bounds` keeps the domain inside what the quantity can be
 * (0–1 for a share, −1–1 for a coefficient); `isInteger` keeps steps whole (counts of labels).
 */
export function computeNiceTicks(min: number, max: number, { count = 5, bounds, isInteger = false }: { count?: number; bounds?: [number, number]; isInteger?: boolean } = {}): TNiceAxis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`computeNiceTicks needs finite numbers, got ${min} and ${max}`);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
    if (bounds) [min, max] = [Math.max(bounds[0], min), Math.min(bounds[1], max)];
  }
  let step = niceNumber(niceNumber(max - min, false) / Math.max(1, count - 1), true);
  if (isInteger) step = Math.max(1, Math.round(step));
  // Rounding to the step's decimals keeps 0.1 + 0.2 from showing up as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const round = (value: number) => Number(value.toFixed(decimals));
  let low = round(Math.floor(min / step + 1e-9) * step);
  let high = round(Math.ceil(max / step - 1e-9) * step);
  if (bounds) {
    low = Math.max(bounds[0], low);
    high = Math.min(bounds[1], high);
  }
  const ticks: number[] = [];
  for (let index = 0; ; index += 1) {
    const tick = round(Math.ceil(low / step - 1e-9) * step + index * step);
    if (tick > high + step * 1e-9) break;
    ticks.push(tick);
  }
  return { domain: [low, high], ticks, step };
}
