import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import type { TImportSpans } from '@/server/import/types';
import { toFlatAnswer, toItems, type TExportItem, type TExportSource } from './types';
import { toLabelStudioSpanResults } from './write-span-results';

export type TLabelStudioExportOptions = {
  /** The `<Choices name>` of the Label Studio config the file is meant for. */
  fromName?: string;
  /** The `<Text name>` it labels. */
  toName?: string;
};

/** `data` keys Quorum writes itself; metadata keys with these names are overwritten. */
export const LABEL_STUDIO_RESERVED_KEYS = ['text', 'external_id', 'gold_label', 'image', 'image_hash'] as const;

function createChoicesResult(labels: string[], fromName: string, toName: string) {
  return [{ from_name: fromName, to_name: toName, type: 'choices', value: { choices: labels } }];
}

/** An answer as a result list: `choices` for labels, `labels` regions for spans (an empty list when no span was marked). */
function createResult(text: string, answer: string[] | TImportSpans, fromName: string, toName: string) {
  return Array.isArray(answer) ? createChoicesResult(answer, fromName, toName) : toLabelStudioSpanResults(text, answer.spans, fromName, toName);
}

/**
 * One task as Label Studio exports it. Gold goes in `data.gold_label` rather than a ground-truth
 * annotation so that annotations read back exactly; what Label Studio has no place for (our item
 * id, the final label and its source) goes in the task's `meta`, which Label Studio keeps. In a spans
 * project each annotation and prediction is a list of `labels` regions (UTF-16 offsets, Label
 * Studio's unit), and the gold and final answers are lists of `{start, end, label}`.
 */
export function toLabelStudioTask(item: TExportItem, fromName = 'label', toName = item.image ? 'image' : 'text') {
  const data: Record<string, unknown> = Object.create(null);
  data.text = item.text;
  // Image projects: `$image` in a Label Studio config reads data.image; the text is the file name.
  if (item.image) {
    data.image = item.image.url;
    data.image_hash = item.image.hash;
  }
  for (const key of Object.keys(item.metadata)) {
    if (!(LABEL_STUDIO_RESERVED_KEYS as readonly string[]).includes(key)) data[key] = item.metadata[key];
  }
  data.external_id = item.externalId;
  data.gold_label = toFlatAnswer(item.goldLabel);
  return {
    data,
    meta: { quorum_item_id: item.itemId, final_label: toFlatAnswer(item.finalLabel), final_label_source: item.finalLabelSource },
    annotations: item.annotations.map((a) => ({
      // Label Studio matches a user object by its e-mail; Quorum reads the id and name back as well.
      completed_by: { id: a.annotator.id, email: a.annotator.email, name: a.annotator.name },
      was_cancelled: false,
      ground_truth: false,
      created_at: a.createdAt.toISOString(),
      lead_time: a.leadTimeMs === null ? null : a.leadTimeMs / 1000,
      result: createResult(item.text, a.labels, fromName, toName),
    })),
    predictions: item.prediction
      ? [
          {
            model_version: item.prediction.modelVersion,
            score: item.prediction.score,
            result: createResult(item.text, typeof item.prediction.label === 'string' ? [item.prediction.label] : item.prediction.label, fromName, toName),
          },
        ]
      : [],
  };
}

async function* writeTasks(items: TExportSource, options: TLabelStudioExportOptions): AsyncGenerator<string> {
  let separator = '[\n';
  for await (const chunk of items) {
    let tasks = '';
    for (const item of toItems(chunk)) {
      tasks += separator + JSON.stringify(toLabelStudioTask(item, options.fromName, options.toName));
      separator = ',\n';
    }
    yield tasks;
  }
  yield separator === '[\n' ? '[]\n' : '\n]\n';
}

/** A JSON array of Label Studio tasks, one per line, importable into Label Studio and back into Quorum. */
export function exportLabelStudio(items: TExportSource, options: TLabelStudioExportOptions = {}): Readable {
  return createByteStream(writeTasks(items, options));
}
