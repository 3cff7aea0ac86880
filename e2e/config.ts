import os from 'node:os';
import path from 'node:path';

/** A fresh instance (no accounts: the first spec creates the admin) and one with the demo seeded. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = path.join(os.tmpdir(), `quorum-e2e-${E2E_PORT}`);
export const E2E_DEMO_PORT = E2E_PORT + 1;
export const E2E_DEMO_URL = `http://127.0.0.1:${E2E_DEMO_PORT}`;
export const E2E_DEMO_DATA_DIR = path.join(os.tmpdir(), `quorum-e2e-demo-${E2E_PORT}`);
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The demo instance is seeded with this password (it must pass the password rule like any other). */
export const DEMO_PASSWORD = 'quorum-demo-pass';
