/**
 * Featurizer kinds a project can choose; the settings layer builds its zod enum from this list.
 * Its own module, free of node:fs and tfjs, so client-side settings code can import it.
 */
export const FEATURIZER_KINDS = ['hashed-ngrams', 'hashed-ngrams-vectors'] as const;
export type FeaturizerKindId = (typeof FEATURIZER_KINDS)[number];
