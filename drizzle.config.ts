import { defineConfig } from 'drizzle-kit';

// Only `generate` uses this file; migrations are applied by db/migrate.ts on both databases.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
