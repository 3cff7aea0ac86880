'use client';

import { useEffect, useRef } from 'react';

/** A modal list of keyboard shortcuts (keys, what they do): the labeling and review screens' help. */
export function KeysDialog({ title, headingId, rows, onClose }: { title: string; headingId: string; rows: readonly (readonly [string, string])[]; onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/40 p-4" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className="max-h-[90vh] w-full max-w-lg overflow-y-auto rounded-lg bg-white p-5 shadow-xl"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        <table className="mt-3 w-full text-sm">
          <tbody>
            {rows.map(([keys, action]) => (
              <tr key={`${keys}-${action}`} className="border-t border-slate-100">
                <td className="py-1.5 pr-3 align-top">
                  <kbd className="whitespace-nowrap rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{keys}</kbd>
                </td>
                <td className="py-1.5">{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={closeButton} type="button" className="btn-secondary mt-4" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
