import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, importViaApi, newDemoPage } from './fixtures';

/**
 * Span labeling (named entities) on the demo's spans project ("entities-demo": its own ten texts are
 * all labeled, so the queue serves only the texts imported here). Two annotators mark spans on a text
 * with emoji by keyboard and by mouse, relabel, extend and delete them, and send; their versions of
 * one text differ, so a reviewer sees both and decides; a text carrying an XSS payload is marked
 * inside the payload and stays inert everywhere; the spaCy export counts code points.
 */
test.describe.configure({ mode: 'serial' });

const SLUG = 'entities-demo';
/** A ZWJ emoji before the names, a flag inside one of them, letters outside ASCII. */
const EMOJI_TEXT = '👩‍🔬 Zoë Ørsted met Kofi 🇬🇭 in Accra today.';
const XSS_TEXT = 'Mallory wrote <img src=x onerror="window.__xss=1;alert(1)"> and <script>window.__xss=2</script> in Oslo.';
const PER = '1';
const LOC = '2';
const ORG = '3';

const offsetsOf = (text: string, word: string) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length });

/** No serious or critical axe violation on the page as it is now. */
async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Records any dialog (an alert would mean a payload ran). */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function expectInert(page: Page, dialogs: string[]) {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

/** Drags the mouse across `word` in the text pane (from inside its first character to inside its last), as a person selects it. */
async function dragAcross(page: Page, word: string) {
  const box = await page.getByTestId('span-text').evaluate((pane, target) => {
    const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(target) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left, y: rect.top + rect.height / 2, width: rect.width };
    }
    return null;
  }, word);
  if (!box) throw new Error(`"${word}" is not in the text pane`);
  await page.mouse.move(box.x + 2, box.y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y, { steps: 6 });
  await page.mouse.up();
}

/** The spans listed under the editor, as [text, label id]. */
async function readSpanList(page: Page, text: string): Promise<[string, string][]> {
  const rows = page.getByTestId('span-list').locator('li');
  const spans: [string, string][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const start = Number(await row.getAttribute('data-span-start'));
    const end = Number(await row.getAttribute('data-span-end'));
    spans.push([text.slice(start, end), (await row.getAttribute('data-label-id')) ?? '']);
  }
  return spans;
}

let labelIds: Record<string, string> = {};

test('a manager creates a spans project in the browser, with the span tagger as its model', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto('/projects/new');
  await page.getByLabel('Name', { exact: true }).fill('E2E entities');
  await page.getByLabel('Address').fill('e2e-entities');
  await page.getByRole('radio', { name: /Spans \(named entities\)/ }).check();
  const rows = page.getByTestId('label-row');
  await rows.nth(0).getByLabel('Name').fill('PER');
  await rows.nth(1).getByLabel('Name').fill('LOC');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/e2e-entities$/);
  const created = (await (await page.request.get(`/api/trpc/project.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug: 'e2e-entities' } }))}`)).json()) as {
    result: { data: { json: { taskType: string; settings: Record<string, unknown> } } };
  };
  expect(created.result.data.json).toMatchObject({ taskType: 'spans', settings: { modelKind: 'bio-tagger' } });
  await page.context().close();
});

test('a manager imports texts into the spans project (seeded with two annotators per text)', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto(`/projects/${SLUG}`);
  const project = (await (await page.request.get(`/api/trpc/project.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug: SLUG } }))}`)).json()) as {
    result: { data: { json: { id: number; labels: { id: number; name: string }[]; settings: Record<string, unknown> } } };
  };
  const { id: projectId, labels, settings } = project.result.data.json;
  labelIds = Object.fromEntries(labels.map((label) => [label.name, String(label.id)]));
  expect(projectId).toBeGreaterThan(0);
  expect(settings).toMatchObject({ overlap: 2, overlapShare: 1, goldRate: 0, auditRate: 0 });
  const jsonl = [JSON.stringify({ id: 'e2e-emoji', text: EMOJI_TEXT }), JSON.stringify({ id: 'e2e-xss', text: XSS_TEXT })].join('\n');
  const imported = await importViaApi(page, SLUG, `${jsonl}\n`, { format: 'jsonl', textField: 'text', idField: 'id' });
  expect(imported.body.itemsCreated).toBe(2);
  await page.context().close();
});

test('an annotator creates, relabels, extends and deletes spans by keyboard and by mouse on text with emoji, and sends them', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  const dialogs = watchDialogs(page);
  await page.goto(`/projects/${SLUG}/label`);
  const pane = page.getByTestId('span-text');
  await expect(pane).toBeVisible();
  const status = page.getByTestId('span-status');
  for (let n = 0; n < 2; n++) {
    const shown = (await pane.textContent()) ?? '';
    if (shown.includes('Zoë')) {
      // Keyboard: the cursor starts on the first token (the emoji); → moves to "Zoë", Shift+→ takes "Ørsted" too.
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('span-selection')).toContainText('Cursor on “Zoë”');
      await page.keyboard.press('Shift+ArrowRight');
      await expect(page.getByTestId('span-selection')).toContainText('Selection “Zoë Ørsted”');
      await page.keyboard.press(PER);
      await expect(status).toContainText('“Zoë Ørsted”');
      // Mouse: select "Kofi", label it ORG, then relabel it PER and extend it over the flag by keyboard.
      await dragAcross(page, 'Kofi');
      await expect(page.getByTestId('span-selection')).toContainText('Selection “Kofi”');
      await page.keyboard.press(ORG);
      await page.keyboard.press(PER);
      await expect(status).toContainText('Relabeled “Kofi” (PER)');
      await page.keyboard.press('Shift+ArrowRight');
      await expect(page.getByTestId('span-selection')).toContainText('Selected span “Kofi 🇬🇭” (PER)');
      // Mouse: "Accra" as a place.
      await dragAcross(page, 'Accra');
      await page.keyboard.press(LOC);
      // A slip by keyboard, taken back with Delete; a slip by mouse, taken back with its Delete button.
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press(ORG);
      await expect(status).toContainText('“today” (ORG)');
      await page.keyboard.press('Delete');
      await expect(status).toContainText('Deleted “today” (ORG)');
      await dragAcross(page, 'met');
      await page.keyboard.press(LOC);
      await page.getByRole('button', { name: 'Delete “met” (LOC)' }).click();
      expect(await readSpanList(page, EMOJI_TEXT)).toEqual([
        ['Zoë Ørsted', labelIds.PER],
        ['Kofi 🇬🇭', labelIds.PER],
        ['Accra', labelIds.LOC],
      ]);
      await expectNoSeriousAxeViolations(page);
      await page.keyboard.press('Enter');
    } else {
      expect(shown).toContain('<img src=x onerror=');
      // The payload is text: mark the name by keyboard and the place by mouse.
      await page.keyboard.press(PER);
      await dragAcross(page, 'Oslo');
      await page.keyboard.press(LOC);
      expect(await readSpanList(page, XSS_TEXT)).toEqual([
        ['Mallory', labelIds.PER],
        ['Oslo', labelIds.LOC],
      ]);
      await expectInert(page, dialogs);
      await page.keyboard.press('Enter');
    }
    if (n === 0) await expect(pane).not.toHaveText(shown);
  }
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expect(page.getByText('All saved')).toBeVisible();
  await expectInert(page, dialogs);
  await page.context().close();
});

test('a second annotator marks other spans: one boundary differs, and a span lies inside the XSS payload', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator2);
  const dialogs = watchDialogs(page);
  await page.goto(`/projects/${SLUG}/label`);
  const pane = page.getByTestId('span-text');
  await expect(pane).toBeVisible();
  for (let n = 0; n < 2; n++) {
    const shown = (await pane.textContent()) ?? '';
    if (shown.includes('Zoë')) {
      await dragAcross(page, 'Zoë Ørsted');
      await page.keyboard.press(PER);
      await dragAcross(page, 'Kofi');
      await page.keyboard.press(PER);
      await dragAcross(page, 'Accra');
      await page.keyboard.press(LOC);
    } else {
      await page.keyboard.press(PER);
      await dragAcross(page, 'onerror');
      await page.keyboard.press(ORG);
      await dragAcross(page, 'Oslo');
      await page.keyboard.press(LOC);
      await expect(page.getByTestId('span-list').locator('li')).toHaveCount(3);
      await expectInert(page, dialogs);
    }
    await page.keyboard.press('Enter');
    if (n === 0) await expect(pane).not.toHaveText(shown);
  }
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expectInert(page, dialogs);
  await page.context().close();
});

test('a reviewer sees both versions of the disputed text, decides the final spans, and the spaCy export counts code points', async ({ browser }) => {
  const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const exported = async (format: string) => (await (await manager.request.get(`/api/v1/projects/${SLUG}/export?format=${format}&status=all`)).text()).trim().split('\n');
  const itemIds = new Map(
    (await exported('jsonl')).map((line) => {
      const row = JSON.parse(line) as { id: string | null; item_id: string };
      return [row.id, row.item_id] as const;
    }),
  );

  const page = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  const dialogs = watchDialogs(page);
  // The XSS text: both versions render the payload as text, the span inside it included.
  await page.goto(`/projects/${SLUG}/review?item=${itemIds.get('e2e-xss')}`);
  await expect(page.getByTestId('span-comparison')).toBeVisible();
  await expect(page.getByTestId('span-version')).toHaveCount(2);
  const onerror = offsetsOf(XSS_TEXT, 'onerror');
  await expect(page.locator(`[data-testid="span-version"] mark[data-span-start="${onerror.start}"][data-span-end="${onerror.end}"][data-variant="disputed"]`).first()).toBeVisible();
  await expect(page.getByTestId('span-version').first()).toContainText('<script>window.__xss=2</script>');
  await expectInert(page, dialogs);

  // The emoji text: Ana marked "Kofi 🇬🇭", Ben "Kofi"; the vote kept what both marked.
  await page.goto(`/projects/${SLUG}/review?item=${itemIds.get('e2e-emoji')}`);
  const comparison = page.getByTestId('span-comparison');
  await expect(comparison).toBeVisible();
  await expect(comparison).toContainText('2 versions: 2 spans agreed by a majority (solid underline), 2 disputed');
  const versions = page.getByTestId('span-version');
  await expect(versions).toHaveCount(2);
  await expect(page.locator('[data-testid="span-version"][data-annotator="Ana Annotator"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="span-version"][data-annotator="Ben Annotator"]')).toHaveCount(1);
  const kofiFlag = offsetsOf(EMOJI_TEXT, 'Kofi 🇬🇭');
  const kofi = offsetsOf(EMOJI_TEXT, 'Kofi');
  await expect(page.locator(`[data-annotator="Ana Annotator"] mark[data-span-start="${kofiFlag.start}"][data-span-end="${kofiFlag.end}"][data-variant="disputed"]`).first()).toBeVisible();
  await expect(page.locator(`[data-annotator="Ben Annotator"] mark[data-span-start="${kofi.start}"][data-span-end="${kofi.end}"][data-variant="disputed"]`).first()).toBeVisible();
  await expect(page.getByText('2 spans kept by the majority vote, 2 spans disputed')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  // Take Ana's boundary from the suggestions, then set the final spans.
  await page.getByRole('button', { name: 'Accept “Kofi 🇬🇭” (PER)' }).click();
  await page.getByTestId('decide-spans').click();
  await expect(page.getByText('Final spans set (3).')).toBeVisible();
  await expectInert(page, dialogs);

  const spacy = (await exported('spacy')).map(
    (line) => JSON.parse(line) as { text: string; spans: { start: number; end: number; label: string }[]; _quorum: { external_id: string | null; final_label_source: string | null } },
  );
  const emoji = spacy.find((line) => line._quorum.external_id === 'e2e-emoji')!;
  expect(emoji._quorum.final_label_source).toBe('review');
  // Code points, as Python counts them: the ZWJ emoji is three, the flag two.
  expect(emoji.spans.map((span) => [Array.from(emoji.text).slice(span.start, span.end).join(''), span.label])).toEqual([
    ['Zoë Ørsted', 'PER'],
    ['Kofi 🇬🇭', 'PER'],
    ['Accra', 'LOC'],
  ]);
  expect(emoji.spans[0]).toEqual({ start: 4, end: 14, label: 'PER' });
  const xss = spacy.find((line) => line._quorum.external_id === 'e2e-xss')!;
  expect(xss).toMatchObject({ text: XSS_TEXT, _quorum: { final_label_source: 'consensus' } });
  expect(xss.spans.map((span) => span.label)).toEqual(['PER', 'LOC']);
  await manager.context().close();
  await page.context().close();
});
