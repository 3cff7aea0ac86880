'use client';

import { describeHotkey } from '../label/keyboard';

type TLabel = { id: number; name: string; color: string; hotkey: string };

/** The reviewer's set for a multi-label item: label keys toggle, Enter sets it (an accept when unchanged). */
export function MultiLabelDecision({
  labels,
  chosen,
  isBusy,
  isAccept,
  onToggle,
  onDecide,
}: {
  labels: readonly TLabel[];
  chosen: readonly number[];
  isBusy: boolean;
  /** The set is the item's final set and the item waits: Enter accepts it. */
  isAccept: boolean;
  onToggle: (labelId: number) => void;
  onDecide: () => void;
}) {
  const names = labels.filter((label) => chosen.includes(label.id)).map((label) => label.name);
  return (
    <div className="space-y-2">
      <div role="group" aria-label="Final labels" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {labels.map((label) => {
          const isChosen = chosen.includes(label.id);
          return (
            <button
              key={label.id}
              type="button"
              className={`btn-secondary min-h-11 justify-between border-l-4 ${isChosen ? 'bg-sky-50 ring-2 ring-sky-600' : ''}`}
              style={{ borderLeftColor: label.color }}
              disabled={isBusy}
              onClick={() => onToggle(label.id)}
              aria-pressed={isChosen}
              aria-keyshortcuts={label.hotkey}
            >
              <span className="min-w-0 truncate">
                <span aria-hidden="true">{isChosen ? '☑ ' : '☐ '}</span>
                {label.name}
              </span>
              <kbd className="shrink-0 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700">{describeHotkey(label.hotkey)}</kbd>
            </button>
          );
        })}
      </div>
      <button type="button" className="btn-primary min-h-11" disabled={isBusy} onClick={onDecide} aria-keyshortcuts="Enter" data-testid="decide-set">
        {isAccept ? 'Accept' : 'Set'} {names.length === 0 ? '“none of these”' : names.map((name) => `“${name}”`).join(', ')} <kbd className="font-mono text-xs">Enter</kbd>
      </button>
    </div>
  );
}
