'use client';

import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { buildItemImageUrl, type TItemImageSize } from '@/app/_lib/item-image-url';

/**
 * An item's image, from the project in the page's address. The file name is the alternative text
 * (React sets it as an attribute, never as markup). `fit` keeps the whole image inside the box
 * (the labeling screen), at its own aspect ratio.
 */
export function ItemImage({ itemId, alt, size, className }: { itemId: number; alt: string; size: TItemImageSize; className?: string }) {
  const { slug } = useParams<{ slug: string }>();
  const src = buildItemImageUrl(slug, itemId, size);
  // Remembered per address, so the next item's image is tried afresh.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (failedSrc === src) {
    return (
      <p role="img" aria-label={alt} className="flex items-center justify-center rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">
        The image could not be loaded.
      </p>
    );
  }
  // A plain img: the route serves sized copies itself, and next/image would proxy private images through its optimizer.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={src} alt={alt} className={className} onError={() => setFailedSrc(src)} decoding="async" data-testid="item-image" />;
}

/** Starts loading the next item's image while this one is on screen, so it shows the moment it is needed. */
export function PrefetchItemImage({ itemId, size }: { itemId: number | null; size: TItemImageSize }) {
  const { slug } = useParams<{ slug: string }>();
  useEffect(() => {
    if (itemId === null) return;
    const image = new Image();
    image.decoding = 'async';
    image.src = buildItemImageUrl(slug, itemId, size);
  }, [slug, itemId, size]);
  return null;
}
