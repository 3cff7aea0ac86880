import { getOwn, isPlainRecord } from './sanitize-json';
import { readStringList } from './map-context';

/** Every `choices` value in a Label Studio result list, optionally of one control only. */
export function extractChoices(result: unknown, fromName: string | null | undefined): string[] {
  if (!Array.isArray(result)) return [];
  const out: string[] = [];
  for (const entry of result) {
    if (!isPlainRecord(entry)) continue;
    if (fromName && getOwn(entry, 'from_name') !== fromName) continue;
    const value = getOwn(entry, 'value');
    if (!isPlainRecord(value)) continue;
    const type = getOwn(entry, 'type');
    const choices = getOwn(value, 'choices');
    if ((type !== undefined && type !== 'choices') || !Array.isArray(choices)) continue;
    for (const choice of choices) {
      const label = typeof choice === 'string' ? choice.trim() : typeof choice === 'number' ? String(choice) : '';
      if (label !== '' && !out.includes(label)) out.push(label);
    }
  }
  return out;
}

/** Whether a Label Studio result list holds a choices result (of one control), even one with nothing chosen. */
export function findChoicesResult(result: unknown, fromName: string | null | undefined): boolean {
  if (!Array.isArray(result)) return false;
  return result.some((entry) => {
    if (!isPlainRecord(entry)) return false;
    if (fromName && getOwn(entry, 'from_name') !== fromName) return false;
    const value = getOwn(entry, 'value');
    const type = getOwn(entry, 'type');
    return isPlainRecord(value) && (type === undefined || type === 'choices') && Array.isArray(getOwn(value, 'choices'));
  });
}

/** A JSON_MIN choices cell: a string, a list of strings, or Label Studio's {"choices": [...]}. */
export function readLabelStudioMinChoices(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return [];
  if (isPlainRecord(raw)) return readStringList(getOwn(raw, 'choices'));
  return readStringList(raw);
}
