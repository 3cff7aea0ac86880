/**
 * Published worked examples, turned into long-form ratings so the tests check our numbers against
 * the literature rather than against themselves. Sources and published values are next to each
 * dataset; the tests assert them.
 */
import type { TRating } from './ratings';

/**
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 coders × 12 units
 * example with missing values ("."). Published: nominal α = 0.743, interval α = 0.849. Gwet (2014)
 * and irrCAC use the same data (cac.raw4raters): AC1 0.77544 (pa 0.8181818, pe 0.1903212), Fleiss'
 * kappa generalised to missing ratings 0.76117 (pe 0.2387153), percent agreement 0.8181818.
 */
export const KRIPPENDORFF_CODERS = {
  A: '1 2 3 3 2 1 4 1 2 . . .',
  B: '1 2 3 3 2 2 4 1 2 5 . 3',
  C: '. 3 3 3 2 3 4 2 2 5 1 .',
  D: '1 2 3 3 2 4 4 1 2 5 1 .',
};
export const KRIPPENDORFF_CATEGORIES = ['1', '2', '3', '4', '5'];

/** Krippendorff (2011), binary data, 2 coders × 10 units. Published: nominal α = 0.095. */
export const KRIPPENDORFF_BINARY_CODERS = {
  A: '0 1 0 0 0 0 0 0 1 0',
  B: '1 1 1 0 0 1 0 0 0 0',
};

/** REFERENCE.md's 3 × 3 Cohen example: κ = 0.4842, linear-weighted 0.4701. Rows annotator A, columns annotator B. */
export const COHEN_TABLE_SPARSE_FIRST_CATEGORY = [
  [0, 4, 1],
  [0, 8, 0],
  [0, 1, 5],
];

/**
 * Gwet (2014) / irrCAC cont3x3abstractors (categories Ectopic, AIU, NIU), 100 subjects, 2 raters.
 * Published: Cohen's kappa 0.7964094, Gwet's AC1 0.8493305, Krippendorff's α 0.7972585, pa 0.89.
 */
export const COHEN_TABLE_ABSTRACTORS = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];

/**
 * Wikipedia's Fleiss' kappa example: 10 subjects × 14 raters × 5 categories (counts per category).
 * Published: κ = 0.210, P̄ = 0.378, P̄e = 0.213.
 */
export const FLEISS_WIKIPEDIA_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/**
 * Fleiss (1971), Table 1: 30 psychiatric patients, 6 raters each (not the same six), categories
 * depression, personality disorder, schizophrenia, neurosis, other. Published: κ = 0.430 (0.4302445
 * in irr::kappam.fleiss); category proportions p_j = .144, .144, .167, .306, .239.
 */
export const FLEISS_1971_COUNTS = [
  [0, 0, 0, 6, 0],
  [0, 3, 0, 0, 3],
  [0, 1, 4, 0, 1],
  [0, 0, 0, 0, 6],
  [0, 3, 0, 3, 0],
  [2, 0, 4, 0, 0],
  [0, 0, 4, 0, 2],
  [2, 0, 3, 1, 0],
  [2, 0, 0, 4, 0],
  [0, 0, 0, 0, 6],
  [1, 0, 0, 5, 0],
  [1, 1, 0, 4, 0],
  [0, 3, 3, 0, 0],
  [1, 0, 0, 5, 0],
  [0, 2, 0, 3, 1],
  [0, 0, 5, 0, 1],
  [3, 0, 0, 1, 2],
  [5, 1, 0, 0, 0],
  [0, 2, 0, 4, 0],
  [1, 0, 2, 0, 3],
  [0, 0, 0, 0, 6],
  [0, 1, 0, 5, 0],
  [0, 2, 0, 1, 3],
  [2, 0, 0, 4, 0],
  [1, 0, 0, 4, 1],
  [0, 5, 0, 1, 0],
  [4, 0, 0, 0, 2],
  [0, 2, 0, 4, 0],
  [1, 0, 5, 0, 0],
  [0, 0, 0, 0, 6],
];
export const FLEISS_1971_CATEGORIES = ['depression', 'personality disorder', 'schizophrenia', 'neurosis', 'other'];

/**
 * The five-task, five-worker Dawid–Skene walk-through in REFERENCE.md (labels no/yes). Published:
 * after the majority-vote start and one M-step, priors (no, yes) = 0.46/0.54; after one more EM
 * iteration, P(no) ≈ .35, .26, .87, 0, .95 and priors 0.49/0.51.
 */
export const DAWID_SKENE_TASKS: Record<string, Record<string, 'no' | 'yes'>> = {
  t1: { w1: 'no', w2: 'yes', w4: 'yes', w5: 'no' },
  t2: { w1: 'yes', w2: 'yes', w3: 'yes', w4: 'no', w5: 'no' },
  t3: { w1: 'yes', w2: 'no', w3: 'no', w4: 'yes', w5: 'no' },
  t4: { w1: 'yes', w2: 'yes', w3: 'yes', w4: 'yes', w5: 'yes' },
  t5: { w1: 'yes', w2: 'no', w3: 'no', w4: 'no', w5: 'no' },
};

/** Coder rows of space-separated values, "." for missing, as printed in Krippendorff's papers. */
export function convertCoderRowsToRatings(coders: Record<string, string>): TRating[] {
  const ratings: TRating[] = [];
  for (const [annotator, row] of Object.entries(coders)) {
    row.split(/\s+/).forEach((label, unit) => {
      if (label !== '.') ratings.push({ item: `u${unit + 1}`, annotator, label });
    });
  }
  return ratings;
}

/** A two-rater contingency table (rows rater A, columns rater B) as one item per counted pair. */
export function convertContingencyTableToRatings(table: readonly (readonly number[])[], categories: readonly string[]): TRating[] {
  const ratings: TRating[] = [];
  let item = 0;
  table.forEach((row, i) => {
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        item++;
        ratings.push({ item: `s${item}`, annotator: 'A', label: categories[i]! });
        ratings.push({ item: `s${item}`, annotator: 'B', label: categories[j]! });
      }
    });
  });
  return ratings;
}

/**
 * A subjects × categories count table (Fleiss' layout). Fleiss' raters are anonymous and differ by
 * subject, so the k-th rating of each subject is given to a made-up rater `r<k>`.
 */
export function convertCountTableToRatings(counts: readonly (readonly number[])[], categories: readonly string[]): TRating[] {
  const ratings: TRating[] = [];
  counts.forEach((row, subject) => {
    let rater = 0;
    row.forEach((count, k) => {
      for (let c = 0; c < count; c++) ratings.push({ item: `s${subject + 1}`, annotator: `r${++rater}`, label: categories[k]! });
    });
  });
  return ratings;
}

export function convertTasksToRatings(tasks: Record<string, Record<string, string>>): TRating[] {
  return Object.entries(tasks).flatMap(([item, labels]) => Object.entries(labels).map(([annotator, label]) => ({ item, annotator, label })));
}
