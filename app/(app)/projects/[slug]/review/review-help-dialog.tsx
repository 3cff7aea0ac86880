'use client';

import { useEffect, useRef } from 'react';
import { describeHotkey } from '../label/keyboard';

export function ReviewHelpDialog({ labels, onClose }: { labels: readonly { id: number; name: string; hotkey: string }[]; onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const rows: [string, string][] = [
    ['↓ / ↑', 'Next / previous item in the queue'],
    ['Enter', 'Accept the item’s final label (when it has one)'],
    ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Set the final label to “${label.name}”`]),
    ['Space', 'Select or unselect this item for a bulk accept'],
    ['Shift+Enter', 'Accept the final labels of the selected items'],
    ['?', 'Show or hide this help'],
    ['Esc', 'Close this help'],
  ];
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/40 p-4" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="review-help-heading"
        className="max-h-[90vh] w-full max-w-lg overflow-y-auto rounded-lg bg-white p-5 shadow-xl"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id="review-help-heading" className="text-lg font-semibold">
          Review keys
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
