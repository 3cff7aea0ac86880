'use client';

import { useEffect, useRef, useState } from 'react';

/** A secret shown once, focused so it is read out and copied at once; gone when dismissed or the page is left. */
export function ShownOnceSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [secret]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('failed');
    }
  };
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <label htmlFor="webhook-secret" className="block font-medium text-amber-950">
        Signing secret (shown only now)
      </label>
      <div className="mt-1 flex gap-2">
        <input id="webhook-secret" ref={field} readOnly value={secret} className="input font-mono text-xs" aria-describedby="webhook-secret-hint" />
        <button type="button" className="btn-secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p id="webhook-secret-hint" className="mt-1 text-xs text-amber-950" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Copying is not allowed here: the secret is selected, copy it with your keyboard.' : 'Give it to the receiver to verify signatures; Quorum keeps it encrypted and will not show it again.'}
      </p>
    </div>
  );
}
