/*
 * JSON.parse already turns a "__proto__" key into an own property rather than the prototype, but
 * a later Object.assign or naive deep merge would still act on it, so rows carrying that key are
 * refused outright. "constructor" and "prototype" are legitimate column names (think Formula 1)
 * and are kept: in null-prototype objects they are plain data. The depth limit protects every
 * recursive consumer downstream (drizzle's JSON encoding, superjson, the UI's tree view).
 */

export const FORBIDDEN_KEY = '__proto__';

export class UnsafeJsonError extends Error {
  constructor(
    readonly reason: string,
    readonly field: string | null,
  ) {
    super(reason);
  }
}

function copyValue(value: unknown, depth: number, maxDepth: number, topKey: string | null): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > maxDepth) throw new UnsafeJsonError(`nested deeper than ${maxDepth} levels (maxDepth)`, topKey);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i], depth + 1, maxDepth, topKey);
    return out;
  }
  const out: Record<string, unknown> = Object.create(null);
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (key === FORBIDDEN_KEY) throw new UnsafeJsonError(`key "${FORBIDDEN_KEY}" is not allowed`, topKey ?? key);
    out[key] = copyValue(source[key], depth + 1, maxDepth, topKey ?? key);
  }
  return out;
}

/**
 * Deep-copies parsed JSON into null-prototype objects. A row object is depth 1.
 * @throws UnsafeJsonError for a "__proto__" key or nesting past `maxDepth`.
 */
export function sanitizeJson(value: unknown, maxDepth: number): unknown {
  return copyValue(value, 1, maxDepth, null);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property read: `row.constructor` must not find Object's constructor on a plain object. */
export function getOwn(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
