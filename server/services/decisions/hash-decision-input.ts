import { hashCanonicalJson } from './decision-chain';

/**
 * The input hash of a case: SHA-256 of the canonical JSON of {text, payload} (keys sorted, so the
 * same input hashes the same whatever order a caller or the database wrote its keys in). A reviewer's
 * answer names the hash they were shown; an edited payload gets its own hash the same way.
 */
export function hashDecisionInput(text: string, payload: unknown): string {
  return hashCanonicalJson({ text, payload: payload ?? null });
}
