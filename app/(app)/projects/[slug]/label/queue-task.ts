import type { RouterOutputs } from '@/app/_lib/router-types';

/** An item leased to the annotator, as `label.next` hands it out. */
export type TQueueTask = NonNullable<RouterOutputs['label']['next']>;
