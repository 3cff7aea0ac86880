/** Sizes the item image route serves (server/services/media/image-sizes.ts). */
export type TItemImageSize = 'original' | 'display' | 'thumbnail';

/** Where an item's image is served; the route checks that the viewer is a member of the project. */
export function buildItemImageUrl(slug: string, itemId: number, size: TItemImageSize): string {
  return `/api/v1/projects/${encodeURIComponent(slug)}/items/${itemId}/image?size=${size}`;
}
