import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PROJECT, newDemoPage } from './fixtures';

/**
 * The decision settings page on the demo instance: a manager sets the webhook receiver and sees the
 * signing secret once, rotates it, checks the decision log, and downloads the export; a reviewer
 * cannot open the page. (The record page of one decision needs decisions, which the intake makes.)
 */
test.describe.configure({ mode: 'serial' });

const SETTINGS = `/projects/${DEMO_PROJECT}/decisions/settings`;

test('a manager sets the receiver, sees the secret once, rotates it, verifies the log and exports', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  expect((await page.goto(SETTINGS))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Decision settings' })).toBeVisible();

  await page.getByLabel('Receiver URL').fill('http://127.0.0.1:9/quorum-hooks');
  await page.getByRole('button', { name: 'Save receiver' }).click();
  const secret = page.getByLabel('Signing secret (shown only now)');
  await expect(secret).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(secret).toBeFocused();
  const first = await secret.inputValue();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(secret).toHaveCount(0);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Rotate signing secret' }).click();
  await expect(secret).toHaveValue(/^whsec_/);
  expect(await secret.inputValue()).not.toBe(first);
  await page.reload();
  // Gone for good: the page only knows that a secret is set.
  await expect(secret).toHaveCount(0);
  await expect(page.getByText('A signing secret is set')).toBeVisible();
  await expect(page.getByLabel('Receiver URL')).toHaveValue('http://127.0.0.1:9/quorum-hooks');

  await page.getByRole('button', { name: 'Verify log' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Intact:/ })).toBeVisible();

  await page.getByLabel('Format').selectOption('csv');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe(`${DEMO_PROJECT}-decisions.csv`);

  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(violations).toEqual([]);
  await page.context().close();
});

test('a reviewer cannot open the decision settings', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  expect((await page.goto(SETTINGS))?.status()).toBe(404);
  await page.context().close();
});
