import { expect, test } from '@playwright/test';
import { E2E_BASE_URL } from './config';
import { ACCOUNTS, INITIAL_PASSWORD, newSignedInPage, signInViaApi } from './fixtures';

/**
 * Passwords: an account an admin creates is held at the change-password page until its owner picks
 * their own; the strength meter and the form's errors guide them there with the keyboard alone; later
 * changes from the account menu sign out the other sessions. Its own account, so other specs are untouched.
 */
test.describe.configure({ mode: 'serial' });

const PENNY = { name: 'Penny Passwordless', email: 'penny@e2e.quorum' };
const OWN_PASSWORD = 'saffron lighthouse pickle';
const NEXT_PASSWORD = 'walnut orbit cinema tango';

test('an admin creates an account: the initial password must be hard to guess too', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/admin/users');
  const form = page.getByRole('form', { name: 'Create a user' });
  await form.getByLabel('Name').fill(PENNY.name);
  await form.getByLabel('E-mail').fill(PENNY.email);
  await form.getByLabel('Initial password').fill('password123');
  await expect(form.getByTestId('password-strength')).toContainText(/easy to guess/i);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('alert')).toContainText('Initial password: too easy to guess');

  await form.getByLabel('Initial password').fill(INITIAL_PASSWORD);
  await expect(form.getByTestId('password-strength')).toContainText(/hard to guess/i);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Created ${PENNY.email}`)).toBeVisible();
});

test('the first sign-in leads to the change-password page, and nothing else opens until the password is changed', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(PENNY.email);
  await page.getByLabel('Password').fill(INITIAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText('An admin chose the password you signed in with.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' })).toHaveCount(0);

  await page.goto('/projects');
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.goto('/account/tokens');
  await expect(page).toHaveURL(/\/account\/password$/);

  // Keyboard alone: the current password has the focus, Tab moves on, Enter submits.
  const current = page.getByLabel('Current password');
  await expect(current).toBeFocused();
  await page.keyboard.type(INITIAL_PASSWORD);
  await page.keyboard.press('Tab');
  await page.keyboard.type('penny2024');
  await expect(page.getByTestId('password-strength')).toContainText(/easy to guess/i);
  await page.keyboard.press('Tab');
  await page.keyboard.type('penny2024');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^This password is too easy to guess\./)).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused();

  await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel('New password again').fill(`${OWN_PASSWORD}!`);
  await page.keyboard.press('Enter');
  await expect(page.getByText('The two new passwords are not the same')).toBeVisible();
  await expect(page.getByLabel('New password again')).toBeFocused();

  await page.getByLabel('New password again').fill(OWN_PASSWORD);
  await current.fill('not the initial one');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveText('The current password is not right');

  await current.fill(INITIAL_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel('New password again').fill(OWN_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText('You are not a member of any project yet')).toBeVisible();
});

test('changing the password from the account menu signs out the other sessions', async ({ browser }) => {
  const here = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signInViaApi(here, PENNY.email, OWN_PASSWORD);
  const elsewhere = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signInViaApi(elsewhere, PENNY.email, OWN_PASSWORD);
  const page = await here.newPage();
  await page.goto('/projects');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Password' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);

  await page.getByLabel('Current password').fill(OWN_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(NEXT_PASSWORD);
  await expect(page.getByTestId('password-strength')).toContainText(/hard to guess/i);
  await page.getByLabel('New password again').fill(NEXT_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  // The sign-in of the spec before is signed out too.
  await expect(page.getByRole('status')).toHaveText(/^Password changed\. Signed out [2-9] other sessions\.$/);

  // This browser stays signed in; the other one is out, and the old password no longer works.
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/projects$/);
  const other = await elsewhere.newPage();
  await other.goto('/projects');
  await expect(other).toHaveURL(/\/sign-in$/);
  const oldPassword = await elsewhere.request.post('/api/auth/sign-in/email', { data: { email: PENNY.email, password: OWN_PASSWORD }, headers: { origin: E2E_BASE_URL } });
  expect(oldPassword.status()).toBe(401);
  await signInViaApi(elsewhere, PENNY.email, NEXT_PASSWORD);
});
