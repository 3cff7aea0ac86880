import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, DEMO_PROJECT, newDemoPage } from './fixtures';

/**
 * The tour a new user takes on the fresh demo: every role opens every tab it has, each tab
 * shows the project's real state (not an empty page), axe finds no serious or critical
 * violation, and a screenshot of each is kept (test-results/tour/<role>-<tab>.png).
 */
// An admin sees a project's tabs as its manager does (every permission, same pages): touring both cost
// CI 45 s for nothing new; the admin-only pages are in the last test.
const ROLES = ['manager', 'scientist', 'reviewer', 'annotator1'] as const;

/** What each tab must show on the seeded demo: content a first-time visitor learns from. */
const MEANINGFUL: Record<string, (page: Page) => Promise<void>> = {
  Overview: async (page) => {
    await expect(page.getByRole('main')).toContainText(/labeled/i);
    await expect(page.getByRole('main')).not.toContainText(/0 labeled/i);
  },
  Label: async (page) => {
    await expect(page.getByRole('group', { name: /label/i }).or(page.getByRole('toolbar')).first()).toBeVisible();
  },
  Review: async (page) => {
    await expect(page.getByRole('main')).not.toContainText(/nothing to review/i);
    // Items wait for every reason the demo's labels and models raise (the filter lists reasons with items).
    const options = page.getByRole('main').locator('select option');
    for (const reason of ['Annotators disagree', 'Wrong answer on a gold item', 'Random audit', 'Model confidently disagrees', 'Likely mislabeled']) {
      await expect(options.filter({ hasText: new RegExp(`^${reason} \\(\\d+\\)$`) }), reason).toHaveCount(1);
    }
  },
  Data: async (page) => {
    await expect(page.getByRole('main')).toContainText(/export/i);
  },
  Quality: async (page) => {
    await expect(page.getByRole('main')).toContainText(/Krippendorff/i);
    await expect(page.getByRole('main')).not.toContainText(/No model yet/i);
  },
  Models: async (page) => {
    await expect(page.getByRole('main')).toContainText(/v2/);
    await expect(page.getByRole('main')).not.toContainText(/No model yet/i);
  },
  Settings: async (page) => {
    await expect(page.getByRole('main')).toContainText(/Instructions for annotators/i);
  },
  Members: async (page) => {
    await expect(page.getByRole('main')).toContainText(DEMO_ACCOUNTS.annotator1);
  },
};

/** The mail gateway: decisions, not labeling; its tabs show the decision flow. */
const GATEWAY = 'mail-gateway';
// The two views: a reviewer's (the queue and answers) and a data scientist's (policy and records only).
const GATEWAY_ROLES = ['reviewer', 'scientist'] as const;
const GATEWAY_MEANINGFUL: Record<string, (page: Page) => Promise<void>> = {
  Overview: async (page) => {
    await expect(page.getByRole('main')).toContainText(/labeled/i);
  },
  Decisions: async (page) => {
    await expect(page.getByTestId('recent-decisions').getByRole('row').nth(1)).toBeVisible();
  },
  Models: async (page) => {
    await expect(page.getByRole('main')).toContainText(/v1/);
  },
};

async function expectNoSeriousViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`), `axe on ${where}`).toEqual([]);
}

for (const role of ROLES) {
  test(`tour of the demo as ${role}: every tab has content and passes axe`, async ({ browser }) => {
    test.setTimeout(180_000);
    const page = await newDemoPage(browser, DEMO_ACCOUNTS[role]);
    await page.goto('/projects');
    await expect(page.getByRole('link', { name: /spam/i }).first()).toBeVisible();
    await expectNoSeriousViolations(page, `${role} /projects`);
    await page.screenshot({ path: `test-results/tour/${role}-projects.png`, fullPage: true });

    await page.goto(`/projects/${DEMO_PROJECT}`);
    const tabs = await page.getByRole('navigation', { name: 'Project' }).getByRole('link').allTextContents();
    expect(tabs[0]).toBe('Overview');
    for (const tab of tabs) {
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: tab, exact: true }).click();
      await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
      await page.waitForLoadState('networkidle');
      await MEANINGFUL[tab]?.(page);
      await expectNoSeriousViolations(page, `${role} ${tab}`);
      await page.screenshot({ path: `test-results/tour/${role}-${tab.toLowerCase()}.png`, fullPage: true });
    }
    await page.context().close();
  });
}

for (const role of GATEWAY_ROLES) {
  test(`tour of the mail gateway as ${role}: decisions waiting, a record, and axe`, async ({ browser }) => {
    test.setTimeout(180_000);
    const page = await newDemoPage(browser, DEMO_ACCOUNTS[role]);
    await page.goto(`/projects/${GATEWAY}`);
    const tabs = await page.getByRole('navigation', { name: 'Project' }).getByRole('link').allTextContents();
    expect(tabs).toContain('Decisions');
    for (const tab of tabs) {
      await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: tab, exact: true }).click();
      await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
      await page.waitForLoadState('networkidle');
      await GATEWAY_MEANINGFUL[tab]?.(page);
      await expectNoSeriousViolations(page, `${role} ${GATEWAY} ${tab}`);
      await page.screenshot({ path: `test-results/tour/${role}-gateway-${tab.toLowerCase()}.png`, fullPage: true });
    }
    // One decision's record: the case, the log with its hashes, the reviews.
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Decisions', exact: true }).click();
    await page.getByTestId('recent-decisions').getByRole('link').first().click();
    await expect(page.getByRole('main')).toContainText(/received/i);
    await expectNoSeriousViolations(page, `${role} ${GATEWAY} record`);
    await page.screenshot({ path: `test-results/tour/${role}-gateway-record.png`, fullPage: true });
    await page.context().close();
  });
}

test('the pages outside a project pass axe: sign-in, new project, users, tokens, password', async ({ browser }) => {
  // Five pages, each loaded and scanned by axe: 20 s on CI, but past the default 60 s on a loaded machine.
  test.setTimeout(180_000);
  const visitor = await browser.newContext({ baseURL: E2E_DEMO_URL });
  const signIn = await visitor.newPage();
  await signIn.goto('/sign-in');
  await expectNoSeriousViolations(signIn, 'signed out /sign-in');
  await visitor.close();

  const admin = await newDemoPage(browser, DEMO_ACCOUNTS.admin);
  for (const path of ['/projects/new', '/admin/users', '/account/tokens', '/account/password']) {
    await admin.goto(path);
    await admin.waitForLoadState('networkidle');
    await expectNoSeriousViolations(admin, `admin ${path}`);
    await admin.screenshot({ path: `test-results/tour/admin-${path.slice(1).replaceAll('/', '-')}.png`, fullPage: true });
  }
  await admin.context().close();
});
