import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, E2E_BASE_URL, E2E_DEMO_URL } from './config';

export { DEMO_PASSWORD };

export const PASSWORD = 'e2e-password-123';

export const ACCOUNTS = {
  admin: { name: 'Erin Admin', email: 'admin@e2e.quorum' },
  annotator: { name: 'Ann Annotator', email: 'annotator@e2e.quorum' },
  outsider: { name: 'Otto Outsider', email: 'outsider@e2e.quorum' },
} as const;

/** Signs in through the auth API (no form), so specs that are not about signing in start fast. */
export async function signInViaApi(context: BrowserContext, email: string, password = PASSWORD): Promise<void> {
  const response = await context.request.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { origin: E2E_BASE_URL },
  });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
}

/** What an admin sets when creating an account; its owner replaces it with PASSWORD on first sign-in. */
export const INITIAL_PASSWORD = 'e2e-initial-456';

/** The first sign-in of an account an admin created: the person replaces the admin's password with PASSWORD. */
export async function replaceInitialPassword(browser: Browser, email: string): Promise<void> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signInViaApi(context, email, INITIAL_PASSWORD);
  const response = await context.request.post('/api/trpc/me.changePassword', {
    data: { json: { currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD } },
    headers: { origin: E2E_BASE_URL },
  });
  expect(response.status(), `first password change of ${email}`).toBe(200);
  await context.close();
}

export async function newSignedInPage(browser: Browser, email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport });
  await signInViaApi(context, email);
  return context.newPage();
}

/**
 * Nothing on the page may be wider than the viewport (usable on a 390 px phone). Polled, because right
 * after a viewport change the charts still have the width they measured before it, until their resize
 * observers fire; a page that stays too wide still fails.
 */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { timeout: 5_000 })
    .toBeLessThanOrEqual(0);
}

/** Accounts seeded on the demo instance (E2E_DEMO_URL). */
export const DEMO_ACCOUNTS = {
  admin: 'admin@demo.quorum',
  manager: 'manager@demo.quorum',
  scientist: 'scientist@demo.quorum',
  reviewer: 'reviewer@demo.quorum',
  annotator1: 'annotator1@demo.quorum',
  annotator2: 'annotator2@demo.quorum',
} as const;
export const DEMO_PROJECT = 'spam-demo';

/** A signed-in page on the demo instance. */
export async function newDemoPage(browser: Browser, email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_DEMO_URL, viewport });
  const response = await context.request.post('/api/auth/sign-in/email', { data: { email, password: DEMO_PASSWORD }, headers: { origin: E2E_DEMO_URL } });
  expect(response.status(), `demo sign-in of ${email}`).toBe(200);
  return context.newPage();
}

/** Imports a file through the HTTP API as the page's signed-in user (same origin as the app). */
export async function importViaApi(page: Page, slug: string, body: string, query: Record<string, string>) {
  const origin = new URL(page.url() === 'about:blank' ? E2E_BASE_URL : page.url()).origin;
  const response = await page.request.post(`/api/v1/projects/${slug}/import?${new URLSearchParams(query)}`, {
    data: body,
    headers: { origin, 'content-type': 'text/plain' },
  });
  return { status: response.status(), body: (await response.json()) as { status: string; itemsCreated: number; problems: unknown[] } };
}
