import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { E2E_BASE_URL } from './config';
import { ACCOUNTS, importViaApi, INITIAL_PASSWORD, newSignedInPage, PASSWORD, replaceInitialPassword } from './fixtures';

/**
 * The labeling and review screens of issue 13: the answers stay on screen for a long text at
 * 1280×800, HTML e-mail reads as text and runs nothing, highlight words, an undo history of labels
 * and skips, and the reviewer's keys, filter, bulk accept and empty state; axe on both pages.
 * Own projects and accounts; the admin is created here when this spec runs alone.
 */
test.describe.configure({ mode: 'serial' });

const PEOPLE = {
  lara: { name: 'Lara Lector', email: 'lector@e2e.quorum' },
  milo: { name: 'Milo Mailer', email: 'milo@e2e.quorum' },
  rex: { name: 'Rex Reviewer', email: 'rex@e2e.quorum' },
} as const;

const LONG_TEXT = `Quarterly report. ${'The figures for this quarter were discussed at length in the meeting. '.repeat(143)}End of report.`;
const HTML_MAIL = [
  '<!DOCTYPE html><html><head><title>Offer</title><style>p { color: red }</style>',
  '<script>window.__htmlRan = 1</script></head><body>',
  '<p>Dear&nbsp;friend &amp; winner,</p><div>You have won a <b>prize</b> of &pound;1,000!<br>Claim it today.</div>',
  '<img src="http://tracker.invalid/p.gif" onerror="window.__htmlRan = 2">',
  '<table><tr><td>Code</td><td>WIN-42</td></tr></table></body></html>',
].join('');
const PRIZE_TEXT = 'Your prize is waiting, click to claim the prize today.';
const PLAIN_TEXTS = ['Lunch on Friday?', 'Minutes of the budget meeting attached.', 'Cheap watches, best prices', 'Can you review my pull request?'];

const SPAM_LABELS = [
  { name: 'spam', hotkey: '1', color: '#dc2626' },
  { name: 'ham', hotkey: '2', color: '#16a34a' },
];

type TTrpcBody<T> = { result?: { data: { json: T } }; error?: { json: { message: string } } };

async function callTrpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: E2E_BASE_URL } });
  const body = (await response.json()) as TTrpcBody<T>;
  if (!body.result) throw new Error(`${procedure}: ${body.error?.json.message ?? response.status()}`);
  return body.result.data.json;
}

async function queryTrpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as TTrpcBody<T>;
  if (!body.result) throw new Error(`${procedure}: ${body.error?.json.message ?? response.status()}`);
  return body.result.data.json;
}

/** No serious or critical axe violation on the page as it is now. */
async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Labels every item the queue gives `page`'s user, choosing the label from the text. */
async function labelAllViaApi(page: Page, projectId: number, choose: (text: string) => number) {
  for (;;) {
    const task = await callTrpc<{ itemId: number; text: string } | null>(page.request, 'label.next', { projectId, excludeItemIds: [] });
    if (!task) return;
    await callTrpc(page.request, 'label.submit', { projectId, itemId: task.itemId, labelId: choose(task.text), clientId: randomUUID(), leadTimeMs: 900 });
  }
}

async function signInAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const status = await queryTrpc<{ needsSetup: boolean }>(context.request, 'setup.status', undefined);
  if (status.needsSetup) await callTrpc(context.request, 'setup.createFirstAdmin', { name: ACCOUNTS.admin.name, email: ACCOUNTS.admin.email, password: PASSWORD });
  await context.close();
  return newSignedInPage(browser, ACCOUNTS.admin.email);
}

const ids = { desk: 0, review: 0, spam: 0, ham: 0 };

test('the admin sets up a mail desk to label and a mail review to review', async ({ browser }) => {
  const admin = await signInAdmin(browser);
  await admin.goto('/projects');
  for (const person of Object.values(PEOPLE)) {
    await callTrpc(admin.request, 'admin.createUser', { name: person.name, email: person.email, password: INITIAL_PASSWORD, globalRole: 'user' });
    await replaceInitialPassword(browser, person.email);
  }
  const plain = { goldRate: 0, evalFraction: 0, auditRate: 0, overlap: 1 };
  const desk = await callTrpc<{ id: number }>(admin.request, 'project.create', {
    name: 'Mail desk',
    slug: 'mail-desk',
    instructions: 'Spam or ham?',
    labels: SPAM_LABELS,
    settings: plain,
  });
  await callTrpc(admin.request, 'project.addMember', { projectId: desk.id, email: PEOPLE.lara.email, role: 'annotator' });
  const deskItems = [LONG_TEXT, HTML_MAIL, PRIZE_TEXT, ...PLAIN_TEXTS].map((text, index) => ({ id: `d${index}`, data: { text } }));
  expect((await importViaApi(admin, 'mail-desk', JSON.stringify(deskItems), { format: 'label-studio', textField: 'text' })).body.itemsCreated).toBe(7);

  // Overlap 2 and every agreed item audited: all of it reaches review.
  const review = await callTrpc<{ id: number }>(admin.request, 'project.create', {
    name: 'Mail review',
    slug: 'mail-review',
    instructions: 'Spam or ham?',
    labels: SPAM_LABELS,
    settings: { ...plain, overlap: 2, auditRate: 1 },
  });
  for (const [person, role] of [
    [PEOPLE.lara, 'annotator'],
    [PEOPLE.milo, 'annotator'],
    [PEOPLE.rex, 'reviewer'],
  ] as const) {
    await callTrpc(admin.request, 'project.addMember', { projectId: review.id, email: person.email, role });
  }
  const predicted = (text: string, label: string, score: number) => ({
    data: { text },
    predictions: [{ model_version: 'ext-1', score, result: [{ from_name: 'label', to_name: 'text', type: 'choices', value: { choices: [label] } }] }],
  });
  const reviewItems = [
    predicted('Win cash now, act fast', 'spam', 0.97),
    predicted('Claim your free cruise', 'spam', 0.93),
    predicted('Lunch at noon tomorrow?', 'spam', 0.8),
    { data: { text: 'Meeting notes from Tuesday' } },
  ];
  expect((await importViaApi(admin, 'mail-review', JSON.stringify(reviewItems), { format: 'label-studio', textField: 'text' })).body.itemsCreated).toBe(4);
  const labels = await queryTrpc<{ labels: { id: number; name: string }[] }>(admin.request, 'project.bySlug', { slug: 'mail-review' });
  ids.desk = desk.id;
  ids.review = review.id;
  ids.spam = labels.labels.find((label) => label.name === 'spam')!.id;
  ids.ham = labels.labels.find((label) => label.name === 'ham')!.id;
});

test('labeling: buttons stay on screen for a long text, HTML reads as text, highlight words, undo of labels and skips', async ({ browser }) => {
  const page = await newSignedInPage(browser, PEOPLE.lara.email);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/projects/mail-desk/label');
  const text = page.getByTestId('task-text');
  await expect(text).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Highlight words, saved from the keyboard-opened panel.
  await page.keyboard.press('#');
  const spamWords = page.getByRole('textbox', { name: 'spam' });
  await expect(spamWords).toBeFocused();
  await spamWords.fill('prize, click');
  await page.getByRole('button', { name: 'Save words' }).click();
  await expect(page.getByText('Saved 2 highlight words.')).toBeVisible();
  // Keys go to the page again, not to the form.
  await text.click();

  const labelButtons = page.getByRole('group', { name: 'Labels' }).getByRole('button');
  const seen = new Set<string>();
  let answered = 0;
  while (answered < 7) {
    const shown = (await text.textContent()) ?? '';
    expect(seen.has(shown)).toBe(false);
    seen.add(shown);
    if (shown.startsWith('Quarterly report.')) {
      expect(shown.length).toBeGreaterThan(10_000);
      // No scrolling: at the top of the page every label button and the skip button are inside the
      // 1280×800 viewport, and scrolled down they stay there (the action bar is sticky).
      for (const scrollY of [0, 10_000]) {
        await page.evaluate((y) => window.scrollTo(0, y), scrollY);
        for (const button of await labelButtons.all()) await expect(button).toBeInViewport({ ratio: 1 });
        await expect(page.getByRole('button', { name: /^Skip/ })).toBeInViewport({ ratio: 1 });
      }
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    if (shown.includes('Dear friend')) {
      await expect(text).toHaveAttribute('data-view', 'readable');
      expect(shown).toContain('Dear friend & winner,\n\nYou have won a prize of £1,000!\nClaim it today.');
      expect(shown).not.toMatch(/<|window\.__htmlRan|color: red|tracker/);
      await expect(text.locator('img, script, style')).toHaveCount(0);
      await expect(text.locator('mark', { hasText: 'prize' })).toHaveCount(1);
      // The source on request, as characters.
      await page.keyboard.press('~');
      await expect(text).toHaveAttribute('data-view', 'source');
      await expect(text).toContainText('<script>window.__htmlRan = 1</script>');
      await page.keyboard.press('~');
      await expect(text).toHaveAttribute('data-view', 'readable');
    }
    if (shown === PRIZE_TEXT) {
      const marks = text.locator('mark');
      await expect(marks).toHaveText(['prize', 'click', 'prize']);
      await expect(marks.first()).toHaveAttribute('title', 'Highlight word for “spam”');
      await page.keyboard.press('*');
      await expect(marks).toHaveCount(0);
      await page.keyboard.press('*');
      await expect(marks).toHaveCount(3);
      await expectNoSeriousAxeViolations(page);
    }
    await page.keyboard.press(answered % 2 === 0 ? '1' : '2');
    answered++;
    if (answered === 3) {
      // Take back the last two labels: the newest comes back first, then the one before it.
      const [first, second, third] = [...seen];
      await expect(text).not.toHaveText(third!);
      await expect(page.getByText('All saved')).toBeVisible();
      await page.keyboard.press('Backspace');
      await expect(text).toHaveText(third!);
      await page.keyboard.press('Backspace');
      await expect(text).toHaveText(second!);
      await expect(page.getByTestId('history-entry')).toHaveCount(1);
      await expect(page.getByTestId('history-entry')).toContainText(first!.replace(/\s+/g, ' ').slice(0, 40));
      // Answer them again (second as ham, third as spam, as before): still three answered.
      await page.keyboard.press('2');
      await expect(text).toHaveText(third!);
      await page.keyboard.press('1');
      await expect(text).not.toHaveText(third!);
    }
    if (answered === 5) {
      // A skip, undone: the item returns to the screen.
      const skipped = (await text.textContent()) ?? '';
      await page.keyboard.press(' ');
      await expect(page.getByRole('dialog', { name: /Skip this item/ })).toBeVisible();
      await page.keyboard.press('2');
      await expect(text).not.toHaveText(skipped);
      await expect(page.getByTestId('history-entry').first()).toContainText('Skip (No label fits)');
      await expect(page.getByText('All saved')).toBeVisible();
      await page.keyboard.press('Backspace');
      await expect(text).toHaveText(skipped);
      await expect(page.getByText('Skip (no label fits) undone')).toBeVisible();
      // It is on screen again, to be labeled in the next round.
      seen.delete(skipped);
    }
  }
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expect(page.getByText('All saved')).toBeVisible();
  // An older answer, undone from the list rather than the keyboard.
  const entries = page.getByTestId('history-entry');
  const third = entries.nth(2);
  const thirdPreview = ((await third.locator('span.block').textContent()) ?? '').trim();
  await third.getByRole('button', { name: /^Undo/ }).click();
  await expect(text).toContainText(thirdPreview.slice(0, 30));
  await page.keyboard.press('2');
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expect(page.getByText('All saved')).toBeVisible();

  // The help lists the new keys.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const action of ['Undo your newest answer', 'Highlight your highlight words', 'Edit your highlight words', 'source or as readable text']) await expect(help).toContainText(action);
  await expectNoSeriousAxeViolations(page);
  await page.keyboard.press('Escape');

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __htmlRan?: number }).__htmlRan)).toBeUndefined();
});

test('review: filter by reason, bulk accept where annotators and model agree, keys, and the empty state', async ({ browser }) => {
  const lara = await newSignedInPage(browser, PEOPLE.lara.email);
  const milo = await newSignedInPage(browser, PEOPLE.milo.email);
  const spamFirst = (text: string) => (text.startsWith('Lunch') ? ids.ham : ids.spam);
  await labelAllViaApi(lara, ids.review, spamFirst);
  await labelAllViaApi(milo, ids.review, (text) => (text.startsWith('Meeting') ? ids.ham : spamFirst(text)));

  const page = await newSignedInPage(browser, PEOPLE.rex.email);
  await page.goto('/projects/mail-review/review');
  const entries = page.getByTestId('review-entry');
  await expect(entries).toHaveCount(4);
  await expectNoSeriousAxeViolations(page);

  // Filter: the three audits only.
  await page.getByLabel('Reason').selectOption({ label: 'Random audit (3)' });
  await expect(entries).toHaveCount(3);
  await expect(entries.filter({ hasText: 'Meeting notes' })).toHaveCount(0);

  // Bulk: the two where annotators and model agree.
  await page.getByRole('button', { name: 'Select where annotators and model agree (2)' }).click();
  await expect(page.getByTestId('accept-selected')).toHaveText(/Accept 2 selected final labels/);
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByText('Accepted 2 final labels.')).toBeVisible();
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText('Lunch at noon');

  await page.getByLabel('Reason').selectOption({ label: 'All reasons' });
  await expect(entries).toHaveCount(2);
  // Out of the select, so the arrows move through the queue rather than the options.
  await page.getByRole('heading', { name: /Needs review/ }).click();
  // Keys: ↓/↑ move through the queue.
  await expect(entries.nth(0)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(entries.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: /^Item/ })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(entries.nth(0)).toHaveAttribute('aria-current', 'true');

  // Enter accepts the final label of the lunch item (both said ham); a label's key decides the disagreement.
  const current = page.getByTestId('final-label');
  const first = (await entries.nth(0).textContent()) ?? '';
  if (first.includes('Lunch')) {
    await expect(current).toContainText('ham');
    await page.keyboard.press('Enter');
  } else {
    await page.keyboard.press('2');
  }
  await expect(entries).toHaveCount(1);
  await expect(entries.nth(0)).toHaveAttribute('aria-current', 'true');
  if (first.includes('Lunch')) await page.keyboard.press('2');
  else await page.keyboard.press('Enter');

  // Empty: what review is and what fills it here.
  const empty = page.getByTestId('review-empty');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('Review is where a person settles');
  await expect(empty).toContainText('100% of settled items are sampled at random');
  await expectNoSeriousAxeViolations(page);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Review keys' })).toContainText('Accept the final labels of the selected items');
  await page.keyboard.press('Escape');

  // One audit event per decision, bulk or single.
  const admin = await signInAdmin(browser);
  const events = await queryTrpc<{ action: string; subjectId: string; after: { accepted?: boolean; finalLabelId: number } }[]>(admin.request, 'project.auditLog', {
    projectId: ids.review,
    limit: 200,
  });
  const decisions = events.filter((event) => event.action === 'review.decide');
  expect(decisions).toHaveLength(4);
  expect(new Set(decisions.map((event) => event.subjectId)).size).toBe(4);
  expect(decisions.filter((event) => event.after.accepted === true)).toHaveLength(3);
});
