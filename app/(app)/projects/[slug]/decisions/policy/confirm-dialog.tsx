'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/** A modal question with a confirm and a cancel button; Escape cancels, focus starts on cancel. */
export function ConfirmDialog({
  title,
  children,
  confirmText,
  tone,
  isPending,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmText: string;
  tone: 'danger' | 'primary';
  isPending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onCancel]);
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/40 p-4">
      <div role="alertdialog" aria-modal="true" aria-labelledby="confirm-heading" aria-describedby="confirm-body" className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl">
        <h2 id="confirm-heading" className="text-lg font-semibold">
          {title}
        </h2>
        <div id="confirm-body" className="mt-2 text-sm text-slate-800">
          {children}
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <button ref={cancelButton} type="button" className="btn-secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={tone === 'danger' ? 'btn-danger' : 'btn-primary'} onClick={onConfirm} disabled={isPending}>
            {confirmText}
          </button>
        </div>
      </div>
    </div>
  );
}
