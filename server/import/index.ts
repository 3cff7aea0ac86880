export { collectImport, readImport, type TImportStream } from './import-stream';
export { previewImport, suggestMapping, type TImportPreview } from './preview-import';
export { detectFormat } from './detect-format';
export { hashContent, normalizeForHash } from './content-hash';
export * from './types';
export { countProblemRows, formatRejectedRows, getRejectedRowsFileType, groupProblemsByRow, type TRejectedRow } from './rejected-rows';
export { readAnnotatorIdentity, readCompletedBy, type TAnnotatorIdentity } from './annotator-identity';
