import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PROJECT, expectNoHorizontalScroll, newDemoPage } from './fixtures';

/**
 * The oversight page on the demo's mail gateway: everyone who sees decisions reaches it from the
 * decisions page and reads the monitor, the drift card and the rates per day (as charts with a table
 * beside them); annotators never see it. Whether the monitor has tripped depends on the demo's
 * audits, so the page is checked for what holds either way; the fail-closed path itself is covered
 * by server/services/oversight/monitor-fail-closed.test.ts.
 */
const GATEWAY = 'mail-gateway';

test('a data scientist opens oversight from the decisions page and reads the monitor, drift and rates', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.scientist);
  await page.goto(`/projects/${GATEWAY}/decisions`);
  await page.getByRole('link', { name: 'Oversight', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${GATEWAY}/decisions/oversight$`));
  await expect(page.getByRole('heading', { name: 'Oversight', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Production monitor' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Score drift' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Monitor history' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Over the last 30 days' })).toBeVisible();
  // Each chart says in words what it shows; the table holds the numbers.
  await expect(page.getByTestId('chart-oversight-rates').getByRole('img', { name: /^Automation and override rates/ })).toHaveAttribute('aria-label', /^Automation and override rates\. /);
  await expect(page.getByRole('table', { name: 'Decisions per day' })).toBeVisible();
  await page.screenshot({ path: 'test-results/tour/scientist-gateway-oversight.png', fullPage: true });

  await page.getByRole('link', { name: '7 days' }).click();
  await expect(page.getByRole('heading', { name: 'Over the last 7 days' })).toBeVisible();
  await expect(page.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');

  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(violations).toEqual([]);
  await page.context().close();
});

test('a reviewer reads the page on a phone but cannot reset the monitor; an annotator cannot open it', async ({ browser }) => {
  const reviewer = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer, { width: 390, height: 844 });
  expect((await reviewer.goto(`/projects/${GATEWAY}/decisions/oversight`))?.status()).toBe(200);
  await expect(reviewer.getByTestId('monitor-card')).toBeVisible();
  await expect(reviewer.getByTestId('monitor-reset-form')).toHaveCount(0);
  await expectNoHorizontalScroll(reviewer);
  await reviewer.context().close();

  const annotator = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  expect((await annotator.goto(`/projects/${DEMO_PROJECT}/decisions/oversight`))?.status()).toBe(404);
  await annotator.context().close();
});
