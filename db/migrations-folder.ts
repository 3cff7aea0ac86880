import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this file, not the working directory, so the CLI works from anywhere.
export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
