import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from './client';
import { createTestDatabase } from './testing';

/**
 * items.project_id, gold_label_id and final_label_id are held to their references by triggers
 * (migration 0018), not foreign keys. The rules are checked here with plain statements of every shape
 * the code base writes items with (single and multi-row inserts, INSERT ... SELECT, UPDATE ... FROM,
 * ON CONFLICT, delete through the project): the triggers sit on the tables, so no write path — the
 * import, label submission, review, consensus, undo, decision feedback, the fixtures — can avoid them.
 */
describe('item references (triggers in place of foreign keys)', () => {
  let handle: DatabaseHandle;
  let db: Database;
  let projectId: number;
  let labelId: number;
  let otherLabelId: number;

  const FOREIGN_KEY_VIOLATION = '23503';

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    projectId = await createProject('refs');
    const labels = await createLabels(projectId, ['yes', 'no']);
    labelId = labels[0]!;
    otherLabelId = labels[1]!;
  });
  afterAll(() => handle.close());

  async function createProject(slug: string): Promise<number> {
    const result = await db.execute<{ id: number }>(sql`insert into projects (slug, name) values (${slug}, ${slug}) returning id`);
    return Number(result.rows[0]!.id);
  }

  async function createLabels(project: number, names: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const [position, name] of names.entries()) {
      const result = await db.execute<{ id: number }>(sql`
        insert into project_labels (project_id, name, hotkey, color, position) values (${project}, ${name}, ${String(position + 1)}, '#000', ${position}) returning id`);
      ids.push(Number(result.rows[0]!.id));
    }
    return ids;
  }

  async function insertItem(project: number, text: string, labels: { gold?: number | null; final?: number | null } = {}): Promise<number> {
    const result = await db.execute<{ id: number }>(sql`
      insert into items (project_id, content_hash, text, gold_label_id, final_label_id)
      values (${project}, ${text}, ${text}, ${labels.gold ?? null}, ${labels.final ?? null}) returning id`);
    return Number(result.rows[0]!.id);
  }

  async function errorCodeOf(write: Promise<unknown>): Promise<string | undefined> {
    try {
      await write;
    } catch (error) {
      for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
        const code = (current as { code?: unknown }).code;
        if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      }
      throw error;
    }
    return undefined;
  }

  const countItems = async (where: ReturnType<typeof sql>) => Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from items where ${where}`)).rows[0]!.n);

  it('refuses an inserted item whose project or label does not exist, and writes none of its statement', async () => {
    expect(await errorCodeOf(insertItem(999_999, 'no project'))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(insertItem(projectId, 'no gold label', { gold: 999_999 }))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(insertItem(projectId, 'no final label', { final: 999_999 }))).toBe(FOREIGN_KEY_VIOLATION);
    // One bad row among many valid ones, as a batch of the import writes them.
    const batch = db.execute(sql`
      insert into items (project_id, content_hash, text, gold_label_id)
      select ${projectId}, 'batch ' || n, 'batch ' || n, case when n = 500 then 999999 else ${labelId} end from generate_series(1, 1000) n
      on conflict do nothing`);
    expect(await errorCodeOf(batch)).toBe(FOREIGN_KEY_VIOLATION);
    expect(await countItems(sql`text like 'batch %' or text like 'no %'`)).toBe(0);
  });

  it('accepts items whose references exist, in one statement or many', async () => {
    await insertItem(projectId, 'single', { gold: labelId, final: otherLabelId });
    await db.execute(sql`
      insert into items (project_id, content_hash, text, gold_label_id)
      select ${projectId}, 'ok ' || n, 'ok ' || n, ${labelId} from generate_series(1, 1000) n`);
    expect(await countItems(sql`project_id = ${projectId} and (text = 'single' or text like 'ok %')`)).toBe(1001);
  });

  it('refuses an update that points an item at a missing project or label, and checks only references that change', async () => {
    const itemId = await insertItem(projectId, 'to update', { gold: labelId });
    expect(await errorCodeOf(db.execute(sql`update items set final_label_id = 999999 where id = ${itemId}`))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(db.execute(sql`update items set gold_label_id = 999999 where id = ${itemId}`))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(db.execute(sql`update items set project_id = 999999 where id = ${itemId}`))).toBe(FOREIGN_KEY_VIOLATION);
    // UPDATE ... FROM over a set, as consensus and the import's final labels write them.
    const setUpdate = db.execute(sql`
      update items i set final_label_id = v.label_id from (values (${itemId}::bigint, 999999)) as v(id, label_id) where i.id = v.id`);
    expect(await errorCodeOf(setUpdate)).toBe(FOREIGN_KEY_VIOLATION);
    await db.execute(sql`update items set final_label_id = ${otherLabelId}, status = 'labeled' where id = ${itemId}`);
    const stored = await db.execute<{ final_label_id: number; gold_label_id: number }>(sql`select final_label_id, gold_label_id from items where id = ${itemId}`);
    expect(stored.rows[0]).toEqual({ final_label_id: otherLabelId, gold_label_id: labelId });
  });

  it('checks the rows an INSERT ... ON CONFLICT DO UPDATE changes', async () => {
    const upsert = (label: number) =>
      db.execute(sql`
        insert into items (project_id, external_id, content_hash, text, final_label_id) values (${projectId}, 'upsert', 'upsert', 'upsert', ${label})
        on conflict (project_id, external_id) where external_id is not null do update set final_label_id = excluded.final_label_id`);
    await upsert(labelId);
    expect(await errorCodeOf(upsert(999_999))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await countItems(sql`external_id = 'upsert' and final_label_id = ${labelId}`)).toBe(1);
  });

  it('refuses to delete, renumber or truncate a label an item uses; an unused label goes', async () => {
    const project = await createProject('labels');
    const [gold, final, unused] = await createLabels(project, ['gold', 'final', 'unused']);
    await insertItem(project, 'uses gold', { gold });
    await insertItem(project, 'uses final', { final });
    expect(await errorCodeOf(db.execute(sql`delete from project_labels where id = ${gold!}`))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(db.execute(sql`delete from project_labels where id = ${final!}`))).toBe(FOREIGN_KEY_VIOLATION);
    expect(await errorCodeOf(db.execute(sql`update project_labels set id = 999999 where id = ${gold!}`))).not.toBeUndefined();
    expect(await errorCodeOf(db.execute(sql`truncate project_labels cascade`))).not.toBeUndefined();
    await db.execute(sql`delete from project_labels where id = ${unused!}`);
    expect(await countItems(sql`project_id = ${project}`)).toBe(2);
  });

  it('deletes a project with its items (and what hangs off them), and refuses to renumber a project that has items', async () => {
    const project = await createProject('doomed');
    const [label] = await createLabels(project, ['only']);
    const itemId = await insertItem(project, 'doomed item', { gold: label, final: label });
    const user = await db.execute<{ id: string }>(sql`insert into users (id, name, email) values ('refs-user', 'Refs', 'refs@test.quorum') returning id`);
    await db.execute(sql`insert into annotations (project_id, item_id, annotator_id, label_id) values (${project}, ${itemId}, ${user.rows[0]!.id}, ${label!})`);
    expect(await errorCodeOf(db.execute(sql`update projects set id = 999999 where id = ${project}`))).not.toBeUndefined();
    await db.execute(sql`delete from projects where id = ${project}`);
    expect(await countItems(sql`project_id = ${project}`)).toBe(0);
    const annotations = await db.execute<{ n: number }>(sql`select count(*)::int as n from annotations where item_id = ${itemId}`);
    expect(Number(annotations.rows[0]!.n)).toBe(0);
    expect(await countItems(sql`project_id = ${projectId}`)).toBeGreaterThan(0);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('keeps the rules under concurrent writers (PostgreSQL): a project delete waits for an insert, an insert after a delete fails', async () => {
    const release = { commit: () => {} };
    // An item inserted in an open transaction locks its project: the delete waits, then takes the item with it.
    const project = await createProject('racing-insert');
    const inserted = new Promise<void>((resolveInserted) => {
      void db.transaction(async (tx) => {
        await tx.execute(sql`insert into items (project_id, content_hash, text) values (${project}, 'racer', 'racer')`);
        resolveInserted();
        await new Promise<void>((resolveCommit) => (release.commit = resolveCommit));
      });
    });
    await inserted;
    let isDeleted = false;
    const deleting = db.execute(sql`delete from projects where id = ${project}`).then(() => (isDeleted = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isDeleted).toBe(false);
    release.commit();
    await deleting;
    expect(await countItems(sql`project_id = ${project}`)).toBe(0);

    // A project deleted in an open transaction: the insert waits for it, then finds the project gone.
    const other = await createProject('racing-delete');
    const deleted = new Promise<void>((resolveDeleted) => {
      void db.transaction(async (tx) => {
        await tx.execute(sql`delete from projects where id = ${other}`);
        resolveDeleted();
        await new Promise<void>((resolveCommit) => (release.commit = resolveCommit));
      });
    });
    await deleted;
    const inserting = errorCodeOf(db.execute(sql`insert into items (project_id, content_hash, text) values (${other}, 'late', 'late')`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release.commit();
    expect(await inserting).toBe(FOREIGN_KEY_VIOLATION);
    expect(await countItems(sql`project_id = ${other}`)).toBe(0);
  });
});
