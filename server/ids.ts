import { z } from 'zod';

/**
 * Ids as inputs, bounded by their column: a serial `integer` id (projects, labels, model versions,
 * imports) is at most 2^31 − 1, a `bigint` id (items, annotations, audit events) at most 2^53 − 1
 * (what a JS number holds exactly). A larger number is a 400 before any SQL runs.
 */
export const MAX_INT_ID = 2_147_483_647;

export const ZId = z.number().int().positive().max(MAX_INT_ID);
export const ZBigId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The same bounds for an id in a URL path or query (a string of digits). */
export const ZIdParam = z.coerce.number().int().positive().max(MAX_INT_ID);
export const ZBigIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
