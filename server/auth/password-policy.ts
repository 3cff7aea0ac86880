import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { z } from 'zod';
import { AppError } from '@/server/errors';

/**
 * The one password rule, for every place a password is set (first admin, invites, admin-created
 * accounts, changing one) and for the forms that show it live: 8 to 128 characters, and hard to
 * guess by zxcvbn's estimate (score 3 of 4: about 10^8 guesses or more), counting the person's own
 * name and e-mail and the app's name as the first things an attacker tries.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn's matching grows fast with length; the first 64 characters decide (more only adds strength). */
const EVALUATED_LENGTH = 64;
const APP_NAME = 'quorum';

export const ZPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Passwords are at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Passwords are at most ${MAX_PASSWORD_LENGTH} characters`);

export type TPasswordOwner = { name?: string | null; email?: string | null };

export type TPasswordVerdict = {
  /** zxcvbn's score: 0 (guessed at once) to 4 (very hard to guess). */
  score: number;
  isStrongEnough: boolean;
  /** What to do about it, in a sentence or two; null when there is nothing to say. */
  feedback: string | null;
};

/** The words of a person's name and e-mail address (the domain's labels too, not its top level). */
export function listPasswordOwnerWords(owner: TPasswordOwner): string[] {
  const name = owner.name?.trim().toLowerCase() ?? '';
  const email = owner.email?.trim().toLowerCase() ?? '';
  const [local = '', domain = ''] = email.split('@');
  const words = [APP_NAME, name, ...name.split(/[^\p{L}\p{N}]+/u), email, local, ...local.split(/[^\p{L}\p{N}]+/u), ...domain.split('.').slice(0, -1)];
  // One- and two-letter pieces would match inside any password and say nothing about it.
  return [...new Set(words.filter((word) => word.length >= 3))];
}

let checker: Promise<ZxcvbnFactory> | undefined;

/** The dictionaries are a few megabytes: loaded on first use, so a page that never asks never loads them. */
function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
      }),
  );
  return checker;
}

export async function evaluatePassword(password: string, owner: TPasswordOwner): Promise<TPasswordVerdict> {
  const result = (await loadChecker()).check(password.slice(0, EVALUATED_LENGTH), listPasswordOwnerWords(owner));
  const isStrongEnough = result.score >= MIN_PASSWORD_SCORE;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((line): line is string => Boolean(line));
  if (!isStrongEnough && advice.length === 0) advice.push('Add another word or two; uncommon words are better.');
  return { score: result.score, isStrongEnough, feedback: advice.length > 0 ? advice.join(' ') : null };
}

/** Refuses a password that breaks the rule, saying why; the services call it wherever a password is set. */
export async function assertAcceptablePassword(password: string, owner: TPasswordOwner): Promise<void> {
  const length = ZPassword.safeParse(password);
  if (!length.success) throw new AppError('BAD_REQUEST', length.error.issues[0]?.message ?? 'Choose another password');
  const verdict = await evaluatePassword(password, owner);
  if (!verdict.isStrongEnough) throw new AppError('BAD_REQUEST', `This password is too easy to guess. ${verdict.feedback}`);
}
