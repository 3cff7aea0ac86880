import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TImportAnnotation, TImportProblem, TImportRow } from '@/server/import';
import type { TImportAnswers } from './import-answers';
import { identityKey } from './imported-annotators';
import { keyOfAnswer, readAnswer } from '@/server/services/queue/answer';
import type { TStructuredValue } from '@/db/schema';

export type TAnnotationCheck = {
  /** Rows whose annotation contradicts another by the same annotator on the same item: refused, never half-written. */
  problems: TImportProblem[];
  /** Annotations already stored (or given twice) with the same answer: skipped and counted, nothing lost. */
  duplicates: Set<TImportAnnotation>;
};

/** The item a row lands on, before it is written: its external id, else its content hash. */
export const itemKeyOf = (externalId: string | null, contentHash: string) => (externalId === null ? `h:${contentHash}` : `x:${externalId}`);

function describeAnnotator(annotation: TImportAnnotation): string {
  const { name, email } = annotation.annotator;
  return email === null || email === name ? JSON.stringify(name) : `${JSON.stringify(name)} <${email}>`;
}

/**
 * A project keeps one annotation per annotator and item, so an import that brings a second one
 * would otherwise drop it without a word. `remembered` carries the annotations accepted from
 * earlier batches of the same file that are not in the project yet, across calls.
 */
export async function checkAnnotationConflicts(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  annotatorIds: Map<string, string>,
  answers: TImportAnswers,
  remembered: Map<string, string> = new Map(),
): Promise<TAnnotationCheck> {
  const annotated = rows.filter((row) => row.annotations.length > 0);
  const check: TAnnotationCheck = { problems: [], duplicates: new Set() };
  if (annotated.length === 0) return check;
  const stored = await db.execute<{ external_id: string | null; content_hash: string; annotator_id: string; label_id: number | null; value: TStructuredValue | null }>(sql`
    select i.external_id, i.content_hash, a.annotator_id, a.label_id, a.value
    from items i join annotations a on a.item_id = i.id
    where i.project_id = ${projectId}
      and a.annotator_id = any(${sql.param([...new Set(annotated.flatMap((row) => row.annotations.map((a) => annotatorIds.get(identityKey(a.annotator)))))])}::text[])
      and (i.external_id = any(${sql.param(annotated.flatMap((row) => (row.externalId === null ? [] : [row.externalId])))}::text[])
        or (i.external_id is null and i.content_hash = any(${sql.param(annotated.flatMap((row) => (row.externalId === null ? [row.contentHash] : [])))}::text[])))`);
  // Each (item, annotator)'s answer as its key: equal keys are the same answer (keyOfAnswer).
  const labels = new Map(
    stored.rows.map((row) => [`${itemKeyOf(row.external_id, row.content_hash)}|${row.annotator_id}`, keyOfAnswer(readAnswer(row.label_id === null ? null : Number(row.label_id), row.value))]),
  );
  for (const row of annotated) {
    const itemKey = itemKeyOf(row.externalId, row.contentHash);
    const reasons: string[] = [];
    const accepted: [string, string | null][] = [];
    for (const [index, annotation] of row.annotations.entries()) {
      const key = `${itemKey}|${annotatorIds.get(identityKey(annotation.annotator))}`;
      const label = answers.keyOf(annotation.labels);
      const earlier = labels.get(key) ?? remembered.get(key) ?? accepted.find(([seen]) => seen === key)?.[1];
      if (earlier === undefined) accepted.push([key, label]);
      else if (earlier === label) check.duplicates.add(annotation);
      else reasons.push(`annotation ${index + 1} by ${describeAnnotator(annotation)} contradicts another annotation by the same annotator on this item`);
    }
    if (reasons.length > 0) {
      check.problems.push({ row: row.row, field: 'annotations', reason: `${reasons.join('; ')}; an item keeps one annotation per annotator` });
    } else {
      for (const [key, label] of accepted) {
        if (label === null) continue;
        labels.set(key, label);
        remembered.set(key, label);
      }
    }
  }
  return check;
}
