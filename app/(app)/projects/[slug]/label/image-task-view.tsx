import { ItemImage } from '@/app/_components/item-image';
import { ItemMetadata } from '@/app/_components/item-metadata';
import { VisibleText } from '@/app/_components/visible-text';
import type { TSuggestionView } from './describe-suggestion';
import { ModelSuggestion } from './model-suggestion';
import type { TQueueTask } from '@/server/routers/label.schema';

/**
 * An image item: the image fitted inside the screen (on a 1280×800 screen the label bar stays in view
 * below it), its file name or caption as text, the model's suggestion and the metadata.
 */
export function ImageTaskView({ task, suggestion }: { task: TQueueTask; suggestion: TSuggestionView | null }) {
  return (
    <div className="space-y-2">
      <figure className="flex flex-col items-center gap-1 rounded-md border border-slate-200 bg-slate-50 p-2">
        <ItemImage itemId={task.itemId} alt={task.text} size="display" className="h-[50vh] max-h-[50vh] w-full object-contain" />
        <figcaption data-testid="task-text" className="max-w-full truncate text-sm text-slate-700" title={task.text}>
          <VisibleText text={task.text} />
        </figcaption>
      </figure>
      {suggestion ? <ModelSuggestion suggestion={suggestion} /> : null}
      <ItemMetadata metadata={task.metadata} />
    </div>
  );
}
