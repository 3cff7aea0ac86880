'use client';

import { useEffect, useState } from 'react';
import { evaluatePassword, type TPasswordVerdict } from '@/server/routers/account.schema';

/** Waits for a pause in typing: the check takes a few milliseconds, a long odd password far more. */
const TYPING_PAUSE_MS = 150;

/**
 * The server's password rule, judged as the person types (the server judges again on submit).
 * Null while the field is empty or the first verdict is on its way.
 */
export function usePasswordVerdict(password: string, owner: { name?: string; email?: string }): TPasswordVerdict | null {
  const [verdict, setVerdict] = useState<{ password: string; verdict: TPasswordVerdict } | null>(null);
  const { name, email } = owner;
  useEffect(() => {
    if (!password) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void evaluatePassword(password, { name, email }).then((result) => {
        if (isCurrent) setVerdict({ password, verdict: result });
      });
    }, TYPING_PAUSE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [password, name, email]);
  return password && verdict?.password === password ? verdict.verdict : null;
}
