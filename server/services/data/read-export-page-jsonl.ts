import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { readPgliteRowBytes } from '@/db/read-pglite-row-bytes';
import { STATUS_FILTERS, type TExportStatus } from './export-status';

/** `lines`: the page's JSON Lines, or null when one of its items needs the general path (see below). */
export type TJsonlPage = { lines: Buffer | null; count: number; lastId: number };

// JSON.stringify and PostgreSQL's to_json escape strings alike (both escape exactly `"`, `\` and the
// control characters, with the same short forms and lowercase \u00XX), so text is written here as is.
const NULL_PREDICTION = ',"prediction_label":null,"prediction_score":null,"model_version":null';

/**
 * A page of the JSON Lines export written by the embedded database itself, byte for byte what
 * `exportJsonl` writes for the same items (server/export/write-jsonl.ts), handed over as the bytes it
 * sent. The app then neither parses a page's JSON nor serialises its items again, which was two thirds
 * of an export's time on PGlite. Only items whose every value the database writes exactly as
 * JSON.stringify does count as plain:
 * - metadata a flat object of strings whose keys are not array indices (JSON.parse would move those
 *   first), written by dropping jsonb's spaces after `:` and `,` (a `": "` or `", "` cannot occur
 *   within a string, whose quotes jsonb escapes);
 * - a single label as gold, final, annotation or prediction answer (sets and spans are jsonb values);
 * - scores that float4 writes in plain decimals, and times within years 1 to 9999 (toISOString's
 *   range of four-digit years).
 * A page with any other item comes back without lines: the caller reads it the general way.
 */
export async function readExportPageJsonl(db: Database, projectId: number, status: TExportStatus, afterId: number, imageUrlPrefix: string, pageSize: number): Promise<TJsonlPage> {
  const row = await readPgliteRowBytes(
    db,
    sql`
    with page as materialized (
      select i.id, i.external_id, i.text, i.metadata, i.gold_label_id, i.gold_value, i.final_label_id, i.final_value, i.final_source, i.media_hash
      from items i
      where i.project_id = ${projectId} and i.id > ${afterId} and ${STATUS_FILTERS[status]}
      order by i.id limit ${pageSize}),
    page_ids as (select array_agg(id) as ids from page),
    page_annotations as (
      select a.item_id,
        string_agg('{"annotator":' || coalesce(to_json(u.name)::text, 'null')
          || ',"annotator_email":' || coalesce(to_json(u.email)::text, 'null')
          || ',"annotator_id":' || coalesce(to_json(u.id)::text, 'null')
          || ',"labels":[' || to_json(coalesce(l.name, '#' || a.label_id))::text
          || '],"created_at":"' || to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          || '","lead_time_ms":' || coalesce(a.lead_time_ms::text, 'null') || '}', ',' order by a.created_at, a.id) as list,
        bool_and(coalesce(a.value is null and a.label_id is not null and a.created_at >= '0001-01-01 00:00:00+00' and a.created_at < '10000-01-01 00:00:00+00', false)) as is_plain
      from annotations a
      join users u on u.id = a.annotator_id
      left join project_labels l on l.id = a.label_id and l.project_id = ${projectId}
      where a.item_id = any((select ids from page_ids)::bigint[]) and a.status <> 'rejected'
      group by a.item_id),
    page_predictions as (
      select distinct on (p.item_id) p.item_id,
        ',"prediction_label":' || to_json(coalesce(l.name, '#' || p.label_id))::text
          || ',"prediction_score":' || case when p.score is null or p.score = 0 then '0' else p.score::text end
          || ',"model_version":' || to_json(coalesce('v' || mv.version, p.external_model_version, 'unknown'))::text as fields,
        coalesce(p.label_id is not null and (p.score is null or p.score = 0 or (abs(p.score) >= 1e-6 and p.score::text ~ '^-?[0-9]+([.][0-9]+)?$')), false) as is_plain
      from predictions p
      left join model_versions mv on mv.id = p.model_version_id
      left join project_labels l on l.id = p.label_id and l.project_id = ${projectId}
      where p.item_id = any((select ids from page_ids)::bigint[]) and (p.label_id is not null or p.value ? 'spans' or p.value ? 'labelIds')
      order by p.item_id, p.created_at desc, p.id desc)
    select
      case when bool_and(coalesce(
        i.gold_value is null and i.final_value is null and jsonb_typeof(i.metadata) = 'object'
          and not i.metadata @? '$.keyvalue() ? (@.value.type() != "string" || @.key like_regex "^[0-9]+$")'
          and coalesce(pa.is_plain, true) and coalesce(pp.is_plain, true), false))
      then string_agg('{"id":' || coalesce(to_json(i.external_id)::text, 'null')
        || ',"item_id":"' || i.id
        || '","text":' || to_json(i.text)::text
        || ',"metadata":' || replace(replace(i.metadata::text, '": "', '":"'), '", "', '","')
        || ',"gold_label":' || coalesce(to_json(g.name)::text, 'null')
        || ',"final_label":' || coalesce(to_json(f.name)::text, 'null')
        || ',"final_label_source":' || coalesce(to_json(i.final_source)::text, 'null')
        || ',"annotations":[' || coalesce(pa.list, '') || ']'
        || coalesce(pp.fields, ${NULL_PREDICTION})
        || case when i.media_hash <> '' then ',"image_url":' || to_json(${imageUrlPrefix}::text || i.id || '/image')::text || ',"image_hash":' || to_json(i.media_hash)::text else '' end
        || E'}\n', '' order by i.id)
      end as lines,
      count(*) as count, max(i.id) as last_id
    from page i
    left join project_labels g on g.id = i.gold_label_id
    left join project_labels f on f.id = i.final_label_id
    left join page_annotations pa on pa.item_id = i.id
    left join page_predictions pp on pp.item_id = i.id`,
  );
  const [lines, count, lastId] = row ?? [];
  const items = Number(count?.toString() ?? 0);
  return { lines: lines ?? null, count: items, lastId: items > 0 ? Number(lastId!.toString()) : afterId };
}
