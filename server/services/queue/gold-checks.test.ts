import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '@/db/schema';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { applyGoldCheckShare, isGoldCheck } from './gold-checks';
import { importItems } from '@/server/services/data/import-items';

describe('gold checks', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('marks the same items in the importer (TypeScript) and on a setting change (SQL)', async () => {
    const admin = await harness.createUser('Admin', 'admin');
    const project = await harness.createProjectAs(admin, 'gold-share', ['yes', 'no']);
    await harness.callerFor(admin).project.update({ projectId: project.id, settings: { goldCheckShare: 0.3 } });
    const rows = Array.from({ length: 300 }, (_, i) => `${i},item text ${i},${i % 3 === 0 ? '' : 'yes'}`).join('\n');
    await importItems(harness.db, admin, project.id, `id,text,label\n${rows}\n`, { format: 'csv', mapping: { textField: 'text', labelField: 'label', idField: 'id' } });
    const read = () =>
      harness.db
        .select({ hash: items.contentHash, gold: items.goldLabelId, check: items.isGoldCheck })
        .from(items)
        .where(eq(items.projectId, project.id))
        .orderBy(asc(items.id));
    const imported = await read();
    const checks = imported.filter((item) => item.check);
    expect(checks.every((item) => item.gold !== null)).toBe(true);
    expect(checks.length / imported.filter((item) => item.gold !== null).length).toBeGreaterThan(0.2);
    expect(checks.length / imported.filter((item) => item.gold !== null).length).toBeLessThan(0.4);

    // The SQL twin computes the same membership: re-applying the share changes nothing.
    await applyGoldCheckShare(harness.db, project.id, 0.3);
    expect(await read()).toEqual(imported);
    // A new share moves exactly the items whose fraction crosses it.
    await harness.callerFor(admin).project.update({ projectId: project.id, settings: { goldCheckShare: 0.6 } });
    const widened = await read();
    for (const item of widened) expect(item.check).toBe(isGoldCheck(item.hash, item.gold !== null, 0.6));
    expect(widened.filter((item) => item.check).length).toBeGreaterThan(checks.length);
  });
});
