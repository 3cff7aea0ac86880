import type { TQueueTask } from './queue-task';

/**
 * The item as plain text: React escapes it, so markup in user data (a `<script>`, an `<img onerror>`)
 * shows as the characters it is. Long texts scroll inside their box.
 */
export function TaskView({ task, suggestion }: { task: TQueueTask; suggestion: { name: string; score: number | null } | null }) {
  const metadata = Object.entries(task.metadata);
  return (
    <div className="space-y-3">
      <div
        data-testid="task-text"
        tabIndex={0}
        aria-label="Text to label"
        className="max-h-[50vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-4 text-base leading-relaxed text-slate-900 sm:max-h-[55vh]"
      >
        {task.text}
      </div>
      {suggestion ? (
        <p className="text-sm text-slate-700" data-testid="model-suggestion">
          Model suggestion: <span className="font-medium">{suggestion.name}</span>
          {suggestion.score !== null ? <span className="text-slate-600"> ({Math.round(suggestion.score * 100)}%)</span> : null}
        </p>
      ) : null}
      {metadata.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-700">Metadata ({metadata.length})</summary>
          <dl className="mt-2 grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-3 gap-y-1">
            {metadata.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="truncate font-medium text-slate-700">{key}</dt>
                <dd className="break-words text-slate-900">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}
