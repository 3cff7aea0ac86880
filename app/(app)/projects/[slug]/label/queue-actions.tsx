/** The labeling screen's row of queue actions: skip, undo the newest answer, show the keys. */
export function QueueActions({
  isSkipping,
  canUndo,
  onSkip,
  onUndo,
  onHelp,
}: {
  isSkipping: boolean;
  canUndo: boolean;
  onSkip: () => void;
  onUndo: () => void;
  onHelp: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <button type="button" className="btn-secondary min-h-11" onClick={onSkip} disabled={isSkipping} aria-keyshortcuts="Space">
        Skip <kbd className="font-mono text-xs">Space</kbd>
      </button>
      <button type="button" className="btn-secondary min-h-11" onClick={onUndo} disabled={!canUndo} aria-keyshortcuts="Backspace">
        Undo last <kbd className="font-mono text-xs">⌫</kbd>
      </button>
      <button type="button" className="btn-secondary min-h-11" onClick={onHelp} aria-keyshortcuts="?">
        Keys <kbd className="font-mono text-xs">?</kbd>
      </button>
    </div>
  );
}
