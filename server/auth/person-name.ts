import { z } from 'zod';
import { BIDI_CONTROLS } from '@/server/security/bidi-controls';

export const MAX_PERSON_NAME_LENGTH = 100;

/**
 * Names are shown to other people (queues, reviews, reports, exports), so one must not hide or
 * reorder text around it: control characters, line separators and bidi controls are refused.
 */
const HIDDEN_CHARACTERS = new RegExp(`[\\p{Cc}\\p{Zl}\\p{Zp}${[...BIDI_CONTROLS.keys()].join('')}]`, 'u');
const HIDDEN_CHARACTERS_ALL = new RegExp(HIDDEN_CHARACTERS.source, 'gu');

/** The one rule for a person's display name, wherever it is set (setup, invites, admins, better-auth's /update-user). */
export const ZPersonName = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(MAX_PERSON_NAME_LENGTH, `Names are at most ${MAX_PERSON_NAME_LENGTH} characters`)
  .refine((name) => !HIDDEN_CHARACTERS.test(name), 'Names cannot contain control or text-direction characters');

/** A name from an imported file, which is data rather than a person's choice: made displayable instead of refused. */
export function toImportedDisplayName(name: string): string {
  const visible = name.replace(HIDDEN_CHARACTERS_ALL, ' ').trim();
  return [...visible].slice(0, MAX_PERSON_NAME_LENGTH).join('').trim() || 'unknown';
}
