import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNoHorizontalScroll, INITIAL_PASSWORD, newSignedInPage, PASSWORD, replaceInitialPassword } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('the first visitor creates the admin account and lands on an empty project list', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Name').fill(ACCOUNTS.admin.name);
  await page.getByLabel('E-mail').fill(ACCOUNTS.admin.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText('No projects yet')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(ACCOUNTS.admin.name);

  // Setup is a one-time door.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/(sign-in|projects)$/);
});

test('the admin creates a project with labels, creates an annotator and adds them', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/projects');
  await page.getByRole('link', { name: 'New project' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Support tickets');
  await expect(page.getByLabel('Address')).toHaveValue('support-tickets');
  await page.getByLabel('Instructions for annotators').fill('Pick the team that should answer.');

  // Validation: empty label names are caught before anything is sent.
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('A label needs a name').first()).toBeVisible();

  const rows = page.getByTestId('label-row');
  await rows.nth(0).getByLabel('Name').fill('billing');
  await rows.nth(1).getByLabel('Name').fill('technical');
  await page.getByRole('button', { name: 'Add label' }).click();
  await rows.nth(2).getByLabel('Name').fill('Billing');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Label "Billing" appears twice')).toBeVisible();
  await rows.nth(2).getByLabel('Name').fill('other');
  await page.getByRole('button', { name: 'Create project' }).click();

  await expect(page).toHaveURL(/\/projects\/support-tickets$/);
  await expect(page.getByTestId('project-name')).toHaveText('Support tickets');
  const labelSet = page.getByRole('list', { name: 'Label set' });
  await expect(labelSet.getByRole('listitem')).toHaveText([/billing\s*1/, /technical\s*2/, /other\s*3/]);

  // A second project the annotator will not be part of.
  await page.goto('/projects/new');
  await page.getByLabel('Name', { exact: true }).fill('Secret project');
  await rows.nth(0).getByLabel('Name').fill('yes');
  await rows.nth(1).getByLabel('Name').fill('no');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/secret-project$/);

  await page.goto('/admin/users');
  for (const account of [ACCOUNTS.annotator, ACCOUNTS.outsider]) {
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Name').fill(account.name);
    await form.getByLabel('E-mail').fill(account.email);
    await form.getByLabel('Initial password').fill(INITIAL_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByText(`Created ${account.email}`)).toBeVisible();
    await replaceInitialPassword(browser, account.email);
  }

  await page.goto('/projects/support-tickets/members');
  const addForm = page.getByRole('form', { name: 'Add a member' });
  await addForm.getByLabel('E-mail of an existing account').fill(ACCOUNTS.annotator.email);
  await addForm.getByLabel('Role').selectOption('annotator');
  await addForm.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText(`Added ${ACCOUNTS.annotator.email}`)).toBeVisible();
  await expect(page.getByTestId('member-row').filter({ hasText: ACCOUNTS.annotator.name })).toBeVisible();

  await page.goto('/projects/support-tickets/settings');
  await expect(page.getByRole('region', { name: 'Recent changes' }).getByText('member.add')).toBeVisible();
});

test('the manager sets the queue and quality-check shares in percent, and they stay', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/projects/support-tickets/settings');
  const general = page.getByRole('form', { name: 'General' });
  await general.getByLabel('Random review audit (% of items)').fill('7.5');
  await general.getByLabel('Gold-labeled items used as checks (%)').fill('40');
  await general.getByRole('button', { name: 'Save settings' }).click();
  await expect(general.getByText('Settings saved.')).toBeVisible();

  await page.reload();
  await expect(general.getByLabel('Random review audit (% of items)')).toHaveValue('7.5');
  await expect(general.getByLabel('Gold-labeled items used as checks (%)')).toHaveValue('40');
  await expect(general.getByLabel('Evaluation set (% of items)')).toHaveValue('10');

  // Out-of-range input is refused with the reason, and nothing changes.
  await general.getByLabel('Gold checks served (% of tasks)').fill('80');
  await general.getByRole('button', { name: 'Save settings' }).click();
  await expect(general.getByRole('alert').filter({ hasText: /Gold checks served \(% of tasks\): .*50/ })).toBeVisible();
  await expect(general.getByLabel('Gold checks served (% of tasks)')).toBeFocused();
  await page.reload();
  await expect(general.getByLabel('Gold checks served (% of tasks)')).toHaveValue('5');

  // Back to the defaults the later specs expect.
  await general.getByLabel('Random review audit (% of items)').fill('2');
  await general.getByLabel('Gold-labeled items used as checks (%)').fill('100');
  await general.getByRole('button', { name: 'Save settings' }).click();
  await expect(general.getByText('Settings saved.')).toBeVisible();
});

test('a wrong password shows an error and keeps the person on the sign-in page', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ACCOUNTS.annotator.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveText('Wrong e-mail or password.');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('the annotator signs in and sees only their project, on a phone too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ACCOUNTS.annotator.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  const projects = page.getByRole('list', { name: 'Projects' }).getByRole('listitem');
  await expect(projects).toHaveCount(1);
  await expect(projects.first()).toContainText('Support tickets');
  await expect(projects.first()).toContainText('Annotator');
  await expect(page.getByRole('link', { name: 'New project' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  await projects.first().getByRole('link').click();
  await expect(page.getByTestId('project-name')).toHaveText('Support tickets');
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  await page.goto('/projects/secret-project');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await page.goto('/projects/support-tickets/settings');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('another user opening the project URL gets a not-found page', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.outsider.email);
  await page.goto('/projects/support-tickets');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('Support tickets')).toHaveCount(0);
  await page.goto('/projects');
  await expect(page.getByText('You are not a member of any project yet')).toBeVisible();
});

test('pages carry security headers and refuse cross-site state changes', async ({ page, request }) => {
  const response = await page.goto('/sign-in');
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  const forged = await request.post('/api/trpc/project.create', {
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    data: { json: { name: 'x', slug: 'x', labels: [] } },
  });
  expect(forged.status()).toBe(403);
});
