'use client';

import type { THistoryEntry } from './use-task-queue';

/** This session's latest answers, newest first, each with an undo while the server still allows it. */
export function AnswerHistory({ entries, onUndo }: { entries: readonly THistoryEntry[]; onUndo: (entry: THistoryEntry) => void }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading" className="font-semibold">
        Your latest answers
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Labels and skips of the last few minutes appear here; any of them can be undone.</p>
      ) : (
        <ol className="mt-2 space-y-2" aria-label="Latest answers, newest first">
          {entries.map((entry, index) => (
            <li key={entry.clientId} className="flex items-start gap-2 text-sm" data-testid="history-entry">
              <span className="min-w-0 flex-1">
                <span className="font-medium">{entry.description}</span>
                <span className="block truncate text-slate-600">{entry.preview}</span>
              </span>
              <button
                type="button"
                className="btn-secondary shrink-0 px-2 py-1 text-xs"
                onClick={() => onUndo(entry)}
                aria-keyshortcuts={index === 0 ? 'Backspace' : undefined}
                aria-label={`Undo ${entry.description.toLowerCase()}: ${entry.preview}`}
              >
                Undo
              </button>
            </li>
          ))}
        </ol>
      )}
      <p className="mt-2 text-xs text-slate-600">
        <kbd className="font-mono">⌫</kbd> undoes the newest; press it again to go further back.
      </p>
    </section>
  );
}
