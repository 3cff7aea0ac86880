import type { Database } from '@/db/client';
import type { TImportProblem, TImportRow } from '@/server/import';
import { checkAnnotationConflicts } from './import-annotation-conflicts';
import type { TImportAnswers } from './import-answers';
import { lookUpImportedAnnotators } from './imported-annotators';

/**
 * The annotation check an import runs on each batch before writing it: an annotation that
 * contradicts one stored in the project, or one earlier in the same file, by the same annotator on
 * the same item, refuses its row while the import can still be all-or-nothing. Publishing later
 * writes what passed; the same annotation twice is then skipped and counted there.
 */
export function createAnnotationCheck(db: Database, projectId: number, answers: TImportAnswers) {
  const annotatorIds = new Map<string, string>();
  const accepted = new Map<string, string>();
  return {
    async check(rows: TImportRow[]): Promise<TImportProblem[]> {
      const identities = rows.flatMap((row) => row.annotations.map((annotation) => annotation.annotator));
      if (identities.length === 0) return [];
      await lookUpImportedAnnotators(db, projectId, identities, annotatorIds);
      return (await checkAnnotationConflicts(db, projectId, rows, annotatorIds, answers, accepted)).problems;
    },
  };
}
