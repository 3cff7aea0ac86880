import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, newDemoPage } from './fixtures';

/**
 * Certified thresholds on the demo's mail gateway: the data scientist reads the certificate in force
 * (its risk–coverage curve and the workload it implies), certifies a new threshold for another risk,
 * and approves it; a reviewer reads certificates but cannot certify.
 */
test.describe.configure({ mode: 'serial' });

const THRESHOLDS = '/projects/mail-gateway/decisions/thresholds';

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(violations).toEqual([]);
}

test('a data scientist reads the certificate in force, certifies another risk and approves it', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.scientist);
  expect((await page.goto(THRESHOLDS))?.status()).toBe(200);
  await expect(page.getByTestId('certificate-status')).toHaveText('In force');
  await expect(page.getByTestId('risk-coverage-chart').getByRole('img', { name: /^Risk–coverage curve/ })).toHaveAttribute('aria-label', /certified threshold .* decides .* error bound/);
  await expect(page.getByTestId('workload')).toContainText('cases a day');
  await expectNoSeriousViolations(page);
  await page.screenshot({ path: 'test-results/tour/scientist-gateway-thresholds.png', fullPage: true });

  await page.getByLabel('α: accepted error (%)').fill('20');
  await page.getByLabel('δ: chance the guarantee fails (%)').fill('10');
  await page.getByRole('button', { name: 'Certify' }).click();
  await expect(page).toHaveURL(/certificate=\d+/);
  await expect(page.getByTestId('certificate-status')).toHaveText('Proposed');
  await expect(page.getByTestId('certificate-figures')).toContainText('α 20%, δ 10%');

  await page.getByLabel('Why this risk is acceptable').fill('More automation while the backlog is long.');
  await page.getByRole('button', { name: 'Approve and put in force' }).click();
  await expect(page.getByTestId('certificate-status')).toHaveText('In force');
  // The demo's certificate was retired by the approval: one in force at a time.
  const statuses = await page.getByRole('table').last().locator('tbody tr td:nth-child(7)').allTextContents();
  expect(statuses.filter((status) => status === 'In force')).toHaveLength(1);
  expect(statuses).toContain('Retired');
  await page.context().close();
});

test('a reviewer reads the certificates but cannot certify or approve', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  expect((await page.goto(THRESHOLDS))?.status()).toBe(200);
  await expect(page.getByTestId('certificate-status')).toHaveText('In force');
  await expect(page.getByRole('button', { name: 'Certify' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Retire/ })).toHaveCount(0);
  await page.context().close();
});
