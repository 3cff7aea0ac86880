'use client';

import { useMutation, useQueryClient, type QueryKey, type UseMutationOptions } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeError } from './error-message';

/** The one message a form shows about its last action. */
export type TNotice = { tone: 'error' | 'success'; message: string };

/** What a successful change makes stale: the server-rendered page (`router.refresh()`), or these queries. */
export type TInvalidates = 'page' | readonly QueryKey[];

type TOutcome<TData, TInput> = {
  /**
   * The notice on success. An action without one clears the notice when it starts instead, so an
   * old message never outlives it.
   */
  success?: string | ((data: TData, input: TInput) => string);
  /** Runs after the notice is set and the stale data invalidated: move on, show what came back. */
  onSuccess?: (data: TData, input: TInput) => unknown;
  /** What this action makes stale, when it is not what the form's own mutation does. */
  invalidates?: TInvalidates;
};

type TSubmitOptions<TData, TInput> = TOutcome<TData, TInput> & {
  /** Checked before anything is sent (say, `findInvalidField`); a message stops the submit and shows as the error. */
  validate?: (form: HTMLFormElement) => string | null;
  /** Empties the form once it succeeded. */
  resetsForm?: boolean;
};

/**
 * A form that sends one mutation: pending state, the error (as `describeError` words it) or
 * success notice, and what to refresh afterwards. Other actions of the same panel (a revoke
 * button, a role select) report through the same notice with `run`.
 */
export function useFormMutation<TData, TError, TInput, TContext>(
  options: UseMutationOptions<TData, TError, TInput, TContext>,
  { invalidates }: { invalidates?: TInvalidates } = {},
) {
  const mutation = useMutation(options);
  const router = useRouter();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<TNotice | null>(null);

  const reportError = (caught: unknown) => setNotice({ tone: 'error', message: describeError(caught) });

  async function invalidate(stale: TInvalidates | undefined) {
    if (stale === 'page') router.refresh();
    else if (stale) await Promise.all(stale.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  }

  /** Any action, reported through this form's notice and followed by its invalidation. */
  async function run<TResult, TActionInput = undefined>(action: () => Promise<TResult>, outcome: TOutcome<TResult, TActionInput> = {}, input?: TActionInput) {
    const { success, onSuccess, invalidates: stale = invalidates } = outcome;
    if (success === undefined) setNotice(null);
    try {
      const data = await action();
      if (success !== undefined) setNotice({ tone: 'success', message: typeof success === 'function' ? success(data, input as TActionInput) : success });
      await invalidate(stale);
      await onSuccess?.(data, input as TActionInput);
    } catch (caught) {
      reportError(caught);
    }
  }

  /** This form's mutation with `input`. */
  const submit = (input: TInput, outcome: TOutcome<TData, TInput> = {}) => run(() => mutation.mutateAsync(input), outcome, input);

  /** An onSubmit handler: the mutation's input from the form's data, or null to stop (after showing field errors). */
  function handleSubmit(toInput: (form: FormData, element: HTMLFormElement) => TInput | null, { validate, resetsForm, onSuccess, ...outcome }: TSubmitOptions<TData, TInput> = {}) {
    return async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const element = event.currentTarget;
      const invalid = validate?.(element);
      if (invalid) return setNotice({ tone: 'error', message: invalid });
      const input = toInput(new FormData(element), element);
      if (input === null) return;
      await submit(input, {
        ...outcome,
        onSuccess: async (data, sent) => {
          if (resetsForm) element.reset();
          await onSuccess?.(data, sent);
        },
      });
    };
  }

  return { mutation, isPending: mutation.isPending, notice, setNotice, reportError, run, submit, handleSubmit };
}
