import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_PATH } from '@/e2e/config';

export type TBrowserGapInput = {
  baseUrl: string;
  projectSlug: string;
  /** An annotator of the project who signs in with a password (see browser-annotator.ts). */
  email: string;
  password: string;
  /** How many labels to give, one gap each. */
  labels: number;
  /**
   * Pause after a task is shown before its label key is pressed: a person reads first, and the
   * labeling page uses that time to fetch the task after next. Default 300 ms.
   */
  thinkMs?: number;
};

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** A task that has not changed by then is reported as an error, not as a gap. */
const NEXT_TASK_TIMEOUT_MS = 30_000;
const TASK_SELECTOR = '[data-item-id]';

type TGapWindow = typeof window & { __quorumGap?: Promise<number> };

/**
 * The keypress-to-next-task gap an annotator sees, measured in a real browser: Chromium signs in
 * through the sign-in page, opens the project's labeling page and, `labels` times, presses a label's
 * key. Each gap runs from the keydown event's time stamp (when the browser took the key, before any
 * handler ran) to the first animation frame after another item's id is on the task view, so it
 * includes the app's own work, any network wait and React's render, as one would see it. Single-label
 * text projects only: a multi-label key only toggles a label, and image tasks have no task view.
 */
export async function measureBrowserGap(input: TBrowserGapInput): Promise<{ gapsMs: number[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ baseURL: input.baseUrl });
    // tsx (esbuild, keepNames) wraps named functions in a `__name` helper, also inside the functions
    // sent to page.evaluate: the page needs one, or the stopwatch fails to install.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    const page = await context.newPage();
    // Pages load slowly on a saturated server; that is not what this measures.
    page.setDefaultNavigationTimeout(120_000);
    await signIn(page, input.email, input.password);
    await page.goto(`/projects/${encodeURIComponent(input.projectSlug)}/label`);
    await page.locator(TASK_SELECTOR).waitFor({ timeout: NEXT_TASK_TIMEOUT_MS });
    const hotkey = await page.getByRole('group', { name: 'Labels' }).getByRole('button').first().getAttribute('aria-keyshortcuts');
    if (!hotkey) throw new Error('the first label has no keyboard key');
    const gapsMs: number[] = [];
    for (let index = 0; index < input.labels; index++) {
      await page.waitForTimeout(input.thinkMs ?? 300);
      await armGap(page);
      await page.keyboard.press(hotkey);
      gapsMs.push(await page.evaluate(() => (window as TGapWindow).__quorumGap!));
    }
    return { gapsMs };
  } finally {
    await browser.close();
  }
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/projects'), { timeout: NEXT_TASK_TIMEOUT_MS });
}

/**
 * Installs the in-page stopwatch before the key is pressed: it starts at the next keydown and stops
 * at the first frame after the task view shows another item (or reports no next task in time).
 */
async function armGap(page: Page): Promise<void> {
  await page.evaluate(
    ({ selector, timeoutMs }) => {
      const shownId = () => document.querySelector(selector)?.getAttribute('data-item-id') ?? null;
      const before = shownId();
      const gap = new Promise<number>((resolve, reject) => {
        let pressedAt: number | null = null;
        const onKey = (event: KeyboardEvent) => {
          pressedAt ??= event.timeStamp;
        };
        // Capture phase: the app's own handler cannot run first and hide the press.
        window.addEventListener('keydown', onKey, { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const now = shownId();
          if (pressedAt === null || now === null || now === before) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolve(performance.now() - pressedAt!));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-item-id'] });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no next task within ${timeoutMs} ms (item ${before} still shown, or the queue ran out)`));
        }, timeoutMs);
      });
      // Read right after the key press; until then a rejection must not count as unhandled.
      gap.catch(() => undefined);
      (window as TGapWindow).__quorumGap = gap;
    },
    { selector: TASK_SELECTOR, timeoutMs: NEXT_TASK_TIMEOUT_MS },
  );
}
