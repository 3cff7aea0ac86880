/** Pretrained word vectors an npm package ships (nothing is downloaded at run time); settings can offer this list. */
export const WORD_VECTOR_SOURCES = ['wink-sg-100d'] as const;
export type WordVectorSource = (typeof WORD_VECTOR_SOURCES)[number];
