import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TStructuredValue } from '@/db/schema';
import type { TImportSpans } from '@/server/import';
import { getEnv } from '@/server/env';

/** A project's label names by id, archived labels too: older answers may use them. */
export type TLabelNames = ReadonlyMap<number, string>;

export async function readLabelNames(db: Database, projectId: number): Promise<TLabelNames> {
  const result = await db.execute<{ id: number; name: string }>(sql`select id, name from project_labels where project_id = ${projectId}`);
  return new Map(result.rows.map((row) => [Number(row.id), row.name]));
}

export const nameLabel = (names: TLabelNames, id: number) => names.get(id) ?? `#${id}`;

/**
 * A stored value by label names: a multi-label set as a list of names (in label order), spans as
 * spans naming their labels (in text order, offsets as stored); null when the item has none.
 */
export function nameValue(value: TStructuredValue | null, names: TLabelNames): string[] | TImportSpans | null {
  if (!value) return null;
  if ('labelIds' in value) return value.labelIds.map((id) => nameLabel(names, id));
  return { spans: value.spans.map((span) => ({ start: span.start, end: span.end, label: nameLabel(names, span.labelId) })) };
}

/** The item's image route: absolute when the server knows its own address (QUORUM_URL), so another tool can fetch it with a token. */
export function buildImageUrl(slug: string, itemId: number): string {
  return `${buildImageUrlPrefix(slug)}${itemId}/image`;
}

/** The image route up to the item's id, for a writer that appends the id and `/image` itself. */
export function buildImageUrlPrefix(slug: string): string {
  const base = getEnv().QUORUM_URL?.replace(/\/$/, '') ?? '';
  return `${base}/api/v1/projects/${encodeURIComponent(slug)}/items/`;
}
