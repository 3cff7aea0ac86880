import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E_BASE_URL } from './config';

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

export async function newSignedInPage(browser: Browser, email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, viewport });
  await signInViaApi(context, email);
  return context.newPage();
}

/** Nothing on the page may be wider than the viewport (usable on a 390 px phone). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
