import { addProblem, type TMapContext } from './map-context';
import { readAnswer } from './read-answer';
import type { TImportFinalLabel } from './types';

/** How a final label was decided, as Quorum's exports write it (`final_label_source`). */
export const IMPORT_FINAL_SOURCES = ['review', 'consensus', 'single', 'gold'] as const;

function isFinalSource(value: unknown): value is TImportFinalLabel['source'] {
  return typeof value === 'string' && (IMPORT_FINAL_SOURCES as readonly string[]).includes(value);
}

/**
 * The final label of a Quorum export (`final_label` and `final_label_source`), so that a project
 * exported and imported elsewhere keeps its decided labels, not only the annotations behind them.
 * A label without a known source is a problem: a wrong column should not silently decide items.
 */
export function readFinalLabel(
  ctx: TMapContext,
  row: number,
  fields: { label: string; source: string },
  rawLabel: unknown,
  rawSource: unknown,
  text: string | null,
): TImportFinalLabel | null {
  const label = readAnswer(ctx, row, fields.label, rawLabel, 'final label', text);
  if (label === null) return null;
  if (!isFinalSource(rawSource)) {
    addProblem(ctx, row, fields.source, `final label source must be one of ${IMPORT_FINAL_SOURCES.join(', ')}, got ${JSON.stringify(rawSource ?? null)}`);
    return null;
  }
  return { label, source: rawSource };
}
