'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SKIP_REASONS } from '@/server/routers/label.schema';

/** Why the annotator skips: one of the usual reasons by number key, or their own words. */
export function SkipDialog({ onSkip, onCancel }: { onSkip: (reason: string) => void; onCancel: () => void }) {
  const [other, setOther] = useState('');
  const firstButton = useRef<HTMLButtonElement>(null);
  useEffect(() => firstButton.current?.focus(), []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.target instanceof HTMLInputElement) {
        if (event.key === 'Escape') onCancel();
        return;
      }
      const index = Number(event.key) - 1;
      const reason = SKIP_REASONS[index];
      if (reason) {
        event.preventDefault();
        onSkip(reason);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        onCancel();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSkip, onCancel]);

  function onSubmitOther(event: FormEvent) {
    event.preventDefault();
    if (other.trim()) onSkip(other.trim());
  }

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="skip-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id="skip-heading" className="font-semibold text-amber-950">
        Skip this item — why?
      </h2>
      <div className="mt-3 grid gap-2 sm:grid-cols-2">
        {SKIP_REASONS.map((reason, index) => (
          <button key={reason} ref={index === 0 ? firstButton : undefined} type="button" className="btn-secondary min-h-11 justify-start" onClick={() => onSkip(reason)}>
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{index + 1}</kbd>
            {reason}
          </button>
        ))}
      </div>
      <form onSubmit={onSubmitOther} className="mt-3 flex flex-wrap gap-2">
        <label className="min-w-0 flex-1 text-sm font-medium text-slate-800">
          Other reason
          <input className="input mt-1" value={other} maxLength={500} onChange={(event) => setOther(event.target.value)} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-secondary" disabled={!other.trim()}>
            Skip
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel}>
            Cancel <kbd className="font-mono text-xs">Esc</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
