import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const MEDIA_STORAGES = ['folder', 's3'] as const;
export type TMediaStorage = (typeof MEDIA_STORAGES)[number];

/**
 * A stored image, addressed by the SHA-256 of its bytes: the same file uploaded twice, or into two
 * projects, is stored once. Who may read it is decided by the items that point at it (items.media_hash),
 * never by knowing the hash.
 */
export const mediaObjects = pgTable('media_objects', {
  hash: text('hash').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  storage: text('storage').$type<TMediaStorage>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
