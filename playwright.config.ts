import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, E2E_BASE_URL, E2E_DEMO_URL } from './e2e/config';

export default defineConfig({
  testDir: 'e2e',
  // Specs share one instance and build on each other's accounts, in file order.
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: 'npx tsx e2e/start-server.ts',
    // The demo instance comes up last (after the blank one and the demo seeding).
    url: `${E2E_DEMO_URL}/sign-in`,
    // A production build, two servers and the demo seeding, on a 2-core machine that may be busy.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
