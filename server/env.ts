import type { TDatabaseTarget } from '@/db/open';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './security/trusted-proxies';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  QUORUM_DATA_DIR: z.string().min(1).default('./.quorum'),
  QUORUM_SECRET: z.string().min(32, 'QUORUM_SECRET must be at least 32 characters').optional(),
  QUORUM_URL: z.url().optional(),
  QUORUM_SIGNIN_LIMIT: z.coerce.number().int().positive().default(10),
  /** Which peers may set X-Forwarded-For: unset = none, a hop count ("1"), or IPs/CIDRs ("10.0.0.0/8,::1"). */
  QUORUM_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustedProxies(value);
      if (parsed.ok) return parsed.proxies;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
  /** Largest JSON body (tRPC calls, sign-in) in bytes. */
  QUORUM_JSON_BODY_LIMIT: z.coerce.number().int().positive().default(1024 * 1024),
  /** Largest import file in bytes (streamed, never held in memory). */
  QUORUM_IMPORT_BODY_LIMIT: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  /** Where uploaded images are stored (content-addressed); default <QUORUM_DATA_DIR>/media. */
  QUORUM_MEDIA_DIR: z.string().min(1).optional(),
  QUORUM_DEMO_PASSWORD: z.string().min(8).optional(),
  /** Background jobs inside the app process: 'auto' = only on the embedded database (with PostgreSQL run `quorum worker`). */
  QUORUM_IN_APP_WORKER: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Let decision webhooks go to private, loopback and link-local addresses (a receiver on the same host or network). */
  QUORUM_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
});
export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Parses process.env once; a bad value stops the process with every problem listed. */
export function getEnv(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

export function resolveDataDir(env: TEnv = getEnv()): string {
  return path.resolve(env.QUORUM_DATA_DIR);
}

export function resolveMediaDir(env: TEnv = getEnv()): string {
  return path.resolve(env.QUORUM_MEDIA_DIR ?? path.join(resolveDataDir(env), 'media'));
}

/** The database this process uses, as configured. */
export function resolveDatabaseTarget(env: TEnv = getEnv()): TDatabaseTarget {
  return { databaseUrl: env.DATABASE_URL, dataDir: resolveDataDir(env) };
}
