'use client';

import { useId } from 'react';
import { DEFAULT_HOTKEYS, LABEL_COLORS, MAX_LABELS, MIN_LABELS, type TLabel } from '@/server/routers/project.schema';

export type TEditableLabel = TLabel & { key: string };

let nextKey = 0;
export function toEditableLabels(labels: readonly TLabel[]): TEditableLabel[] {
  return labels.map((label) => ({ ...label, key: `label-${nextKey++}` }));
}

function createLabel(existing: readonly TEditableLabel[]): TEditableLabel {
  const usedKeys = new Set(existing.map((label) => label.hotkey));
  const hotkey = DEFAULT_HOTKEYS.find((key) => !usedKeys.has(key)) ?? '';
  const color = LABEL_COLORS[existing.length % LABEL_COLORS.length] ?? '#2563eb';
  return { key: `label-${nextKey++}`, name: '', hotkey, color };
}

/** Errors keyed by row index and field, as produced by ZLabelSet. */
export type TLabelErrors = Record<number, Partial<Record<'name' | 'hotkey' | 'color', string>>>;

export function LabelSetEditor({
  labels,
  onChange,
  errors,
}: {
  labels: TEditableLabel[];
  onChange: (labels: TEditableLabel[]) => void;
  errors: TLabelErrors;
}) {
  const headingId = useId();
  const update = (index: number, patch: Partial<TLabel>) => onChange(labels.map((label, i) => (i === index ? { ...label, ...patch } : label)));
  const move = (index: number, delta: number) => {
    const target = index + delta;
    if (target < 0 || target >= labels.length) return;
    const next = [...labels];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(target, 0, moved);
    onChange(next);
  };

  return (
    <fieldset aria-labelledby={headingId} className="space-y-3">
      <legend id={headingId} className="text-sm font-medium text-slate-800">
        Labels ({labels.length}; {MIN_LABELS}–{MAX_LABELS})
      </legend>
      <p className="text-xs text-slate-600">Hotkeys are one digit or letter; an upper-case letter means Shift + that letter.</p>
      <ol className="space-y-2">
        {labels.map((label, index) => {
          const rowErrors = errors[index] ?? {};
          return (
            <li key={label.key} className="rounded-md border border-slate-200 p-2 sm:p-3" data-testid="label-row">
              <div className="flex flex-wrap items-end gap-2">
                <label className="min-w-40 flex-1 text-xs font-medium text-slate-700">
                  <span className="sr-only">Label {index + 1} </span>Name
                  <input
                    className="input mt-1"
                    value={label.name}
                    maxLength={64}
                    aria-invalid={rowErrors.name ? true : undefined}
                    onChange={(event) => update(index, { name: event.target.value })}
                  />
                </label>
                <label className="w-20 text-xs font-medium text-slate-700">
                  <span className="sr-only">Label {index + 1} </span>Hotkey
                  <input
                    className="input mt-1 text-center font-mono"
                    value={label.hotkey}
                    maxLength={1}
                    aria-invalid={rowErrors.hotkey ? true : undefined}
                    onChange={(event) => update(index, { hotkey: event.target.value })}
                  />
                </label>
                <label className="w-20 text-xs font-medium text-slate-700">
                  <span className="sr-only">Label {index + 1} </span>Colour
                  <input
                    type="color"
                    className="mt-1 block h-9 w-full cursor-pointer rounded-md border border-slate-400 bg-white"
                    value={label.color}
                    onChange={(event) => update(index, { color: event.target.value })}
                  />
                </label>
                <div className="flex gap-1">
                  <button type="button" className="btn-secondary px-2" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${label.name || 'label'} up`}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn-secondary px-2"
                    onClick={() => move(index, 1)}
                    disabled={index === labels.length - 1}
                    aria-label={`Move ${label.name || 'label'} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn-danger px-2"
                    onClick={() => onChange(labels.filter((_, i) => i !== index))}
                    disabled={labels.length <= MIN_LABELS}
                    aria-label={`Remove ${label.name || 'label'}`}
                  >
                    ✕
                  </button>
                </div>
              </div>
              {Object.values(rowErrors).filter(Boolean).length > 0 ? (
                <p className="mt-1 text-sm text-red-700" role="alert">
                  {Object.values(rowErrors).filter(Boolean).join(' · ')}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn-secondary" onClick={() => onChange([...labels, createLabel(labels)])} disabled={labels.length >= MAX_LABELS}>
        Add label
      </button>
    </fieldset>
  );
}

/** Runs the shared label-set schema and sorts its issues into per-row errors plus one message for the set. */
export function collectLabelErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { rows: TLabelErrors; set: string | null } {
  const rows: TLabelErrors = {};
  let set: string | null = null;
  for (const issue of issues) {
    const [index, field] = issue.path;
    if (typeof index === 'number' && (field === 'name' || field === 'hotkey' || field === 'color')) {
      rows[index] = { ...rows[index], [field]: rows[index]?.[field] ?? issue.message };
    } else {
      set ??= issue.message;
    }
  }
  return { rows, set };
}
