import { ItemMetadata } from '@/app/_components/item-metadata';
import { VisibleText } from '@/app/_components/visible-text';
import type { TQueueTask } from './queue-task';

/**
 * The item as plain text: React escapes it, so markup in user data (a `<script>`, an `<img onerror>`)
 * shows as the characters it is. Long texts scroll inside their box.
 */
export function TaskView({ task, suggestion }: { task: TQueueTask; suggestion: { name: string; score: number | null } | null }) {
  return (
    <div className="space-y-3">
      <div
        data-testid="task-text"
        tabIndex={0}
        aria-label="Text to label"
        className="max-h-[50vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-4 text-base leading-relaxed text-slate-900 sm:max-h-[55vh]"
      >
        <VisibleText text={task.text} />
      </div>
      {suggestion ? (
        <p className="text-sm text-slate-700" data-testid="model-suggestion">
          Model suggestion: <span className="font-medium">{suggestion.name}</span>
          {suggestion.score !== null ? <span className="text-slate-600"> ({Math.round(suggestion.score * 100)}%)</span> : null}
        </p>
      ) : null}
      <ItemMetadata metadata={task.metadata} />
    </div>
  );
}
