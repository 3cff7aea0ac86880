/**
 * Hashed feature width. 2^18 as the linear baseline (scikit-learn's
 * HashingVectorizer default is 2^20): on the 4-class news set accuracy still rose past
 * 2^14, because word bigrams collide at small widths. Training and scoring never densify
 * a row (ml/models/fit-softmax-regression.ts, ml/predict-rows.ts), so the width costs
 * memory for the weights (dim × classes) and not time per text.
 * Its own module so the featurizer and the hashed n-grams both import it without a cycle.
 */
export const DEFAULT_FEATURE_DIM = 2 ** 18;
