'use client';

import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { parseTermList } from './highlight-terms';
import type { THighlightWords } from './use-highlight-terms';

type TLabel = { id: number; name: string; color: string };

/**
 * The annotator's highlight words per label, kept in this browser. Words appear in <mark> in the text
 * while highlighting is on (the * key).
 */
export function HighlightWordsPanel({
  labels,
  words,
  onSave,
  isOn,
  onToggle,
  isOpen,
  onOpenChange,
  firstFieldRef,
}: {
  labels: readonly TLabel[];
  words: THighlightWords;
  onSave: (words: THighlightWords) => void;
  isOn: boolean;
  onToggle: () => void;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  firstFieldRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const [savedNotice, setSavedNotice] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (details.current && details.current.open !== isOpen) details.current.open = isOpen;
  }, [isOpen]);
  const count = Object.values(words).reduce((sum, list) => sum + list.length, 0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: THighlightWords = {};
    for (const label of labels) {
      const draft = drafts[label.id];
      next[label.id] = draft === undefined ? (words[label.id] ?? []) : parseTermList(draft);
    }
    onSave(next);
    setDrafts({});
    setSavedNotice(`Saved ${Object.values(next).reduce((sum, list) => sum + list.length, 0)} highlight words.`);
  }

  return (
    <details ref={details} className="card" onToggle={(event) => onOpenChange(event.currentTarget.open)}>
      <summary className="cursor-pointer font-semibold">
        Highlight words <span className="font-normal text-slate-600">({count})</span>
      </summary>
      <label className="mt-3 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={isOn} onChange={onToggle} aria-keyshortcuts="*" />
        Highlight them in the text <kbd className="font-mono text-xs">*</kbd>
      </label>
      <form className="mt-3 space-y-3" onSubmit={onSubmit}>
        <p className="text-xs text-slate-600">Words or phrases that hint at a label, separated by commas. Kept in this browser, for you only.</p>
        {labels.map((label, index) => (
          <label key={label.id} className="block text-sm font-medium text-slate-800">
            <span className="flex items-center gap-2">
              <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: label.color }} />
              {label.name}
            </span>
            <textarea
              ref={index === 0 ? firstFieldRef : undefined}
              className="input mt-1"
              rows={2}
              maxLength={2000}
              value={drafts[label.id] ?? (words[label.id] ?? []).join(', ')}
              onChange={(event) => setDrafts((current) => ({ ...current, [label.id]: event.target.value }))}
            />
          </label>
        ))}
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-secondary">
            Save words
          </button>
          <p role="status" className="text-xs text-slate-700">
            {savedNotice}
          </p>
        </div>
      </form>
    </details>
  );
}
