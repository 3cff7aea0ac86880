import { RatingInputError } from './rating-input-error';

/** A label's code is its place in `names`: the declared list in order, else the order labels first appear in. */
export type TLabelCodebook = { names: string[]; code(label: string, ratingIndex: number): number };

/**
 * Codes labels the same way for every kind of ratings (one label, a label set, spans). With a
 * declared list, a label outside it is broken input (RatingInputError at that rating), and the
 * list may not name a label twice; `noun` is what the caller's users call the list's entries.
 */
export function createLabelCodebook(declared: readonly string[] | undefined, noun: 'category' | 'label'): TLabelCodebook {
  const names: string[] = [];
  const codes = new Map<string, number>();
  for (const name of declared ?? []) {
    if (codes.has(name)) throw new RangeError(`${noun} "${name}" is declared twice`);
    codes.set(name, names.length);
    names.push(name);
  }
  const plural = noun === 'category' ? 'categories' : 'labels';
  return {
    names,
    code(label, ratingIndex) {
      let code = codes.get(label);
      if (code === undefined) {
        if (declared) throw new RatingInputError(`label "${label}" is not one of the declared ${plural}`, ratingIndex);
        code = names.length;
        codes.set(label, code);
        names.push(label);
      }
      return code;
    },
  };
}
