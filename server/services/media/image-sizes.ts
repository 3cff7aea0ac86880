/**
 * The sizes an item's image is served at: `original` is the stored (re-encoded) image, the others
 * fit inside a square box and are made on first request, then kept (see read-item-image.ts).
 */
export const IMAGE_SIZES = ['original', 'display', 'thumbnail'] as const;
export type TImageSize = (typeof IMAGE_SIZES)[number];

/** Longest side in pixels: display fills a labeling screen, thumbnail a list row. */
export const IMAGE_SIZE_BOX: Record<Exclude<TImageSize, 'original'>, number> = { display: 1600, thumbnail: 256 };
