'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { MAX_TERM_LENGTH, MAX_TERMS_PER_LABEL, type THighlightTerm } from './highlight-terms';

/** Each person's highlight words, per project and label, kept in this browser (they are a reading aid, not project data). */
export type THighlightWords = Record<number, string[]>;

const storageKey = (projectId: number) => `quorum:highlight-words:${projectId}`;
const CHANGE_EVENT = 'quorum:highlight-words';
const EMPTY = '{}';

function readRaw(projectId: number): string {
  try {
    return window.localStorage.getItem(storageKey(projectId)) ?? EMPTY;
  } catch {
    // Storage off (private mode, a policy): highlights simply stay empty.
    return EMPTY;
  }
}

/** Stored words, checked: a hand-edited or older entry must not break the page. */
export function parseHighlightWords(raw: string): THighlightWords {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const words: THighlightWords = {};
    for (const [key, value] of Object.entries(parsed)) {
      const labelId = Number(key);
      if (!Number.isSafeInteger(labelId) || !Array.isArray(value)) continue;
      words[labelId] = value.filter((term): term is string => typeof term === 'string' && term.trim() !== '').map((term) => term.slice(0, MAX_TERM_LENGTH)).slice(0, MAX_TERMS_PER_LABEL);
    }
    return words;
  } catch {
    return {};
  }
}

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

export function useHighlightWords(projectId: number) {
  const raw = useSyncExternalStore(subscribe, () => readRaw(projectId), () => EMPTY);
  const words = useMemo(() => parseHighlightWords(raw), [raw]);
  const save = useCallback(
    (next: THighlightWords) => {
      try {
        window.localStorage.setItem(storageKey(projectId), JSON.stringify(next));
      } finally {
        window.dispatchEvent(new Event(CHANGE_EVENT));
      }
    },
    [projectId],
  );
  const terms = useMemo<THighlightTerm[]>(() => Object.entries(words).flatMap(([labelId, list]) => list.map((term) => ({ term, labelId: Number(labelId) }))), [words]);
  return { words, terms, save };
}
