import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { assertAcceptablePassword, evaluatePassword, listPasswordOwnerWords } from './password-policy';

const OWNER = { name: 'Wilhelmina Zwiebelkopf', email: 'w.zwiebelkopf@acme-labs.example' };

describe('the password rule', () => {
  it('takes the words of the name and e-mail, the domain without its top level, and the app name', () => {
    expect(listPasswordOwnerWords(OWNER)).toEqual([
      'quorum',
      'wilhelmina zwiebelkopf',
      'wilhelmina',
      'zwiebelkopf',
      'w.zwiebelkopf@acme-labs.example',
      'w.zwiebelkopf',
      'acme-labs',
    ]);
  });

  it.each(['password1234', 'qwertyuiop', 'iloveyou2', 'quorum123', 'aaaaaaaaaaaa'])('refuses the common or patterned %s', async (password) => {
    const verdict = await evaluatePassword(password, {});
    expect(verdict.isStrongEnough).toBe(false);
    expect(verdict.feedback).toBeTruthy();
  });

  it('counts the owner’s own name and e-mail as the first guesses', async () => {
    expect((await evaluatePassword('zwiebelkopf1', {})).isStrongEnough).toBe(true);
    expect((await evaluatePassword('zwiebelkopf1', OWNER)).isStrongEnough).toBe(false);
  });

  it.each(['violet marmalade tugboat', 'correct horse battery', 'Tr4in-the-model!'])('accepts %s', async (password) => {
    expect(await evaluatePassword(password, OWNER)).toMatchObject({ isStrongEnough: true, score: expect.any(Number) });
  });

  it('refuses with a reason a person can act on, for length and for guessability', async () => {
    await expect(assertAcceptablePassword('short', OWNER)).rejects.toThrow('Passwords are at least 8 characters');
    await expect(assertAcceptablePassword('x'.repeat(129), OWNER)).rejects.toThrow('Passwords are at most 128 characters');
    const refusal = await assertAcceptablePassword('password1234', OWNER).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('BAD_REQUEST');
    expect((refusal as AppError).message).toMatch(/^This password is too easy to guess\. \S/);
  });
});
