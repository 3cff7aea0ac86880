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
  /** Largest image accepted (upload or fetched URL), in bytes. */
  QUORUM_MEDIA_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  /** Largest image accepted, in pixels (width × height): a small file can decode to gigabytes. */
  QUORUM_MEDIA_MAX_PIXELS: z.coerce.number().int().positive().default(50_000_000),
  /** Hosts image URLs may be fetched from, comma-separated ("images.example.com,*.cdn.example.org"); unset: none. */
  QUORUM_MEDIA_URL_HOSTS: z.string().optional(),
  /** Let image URLs reach private, loopback and link-local addresses (an allow-listed host on the same network). */
  QUORUM_MEDIA_URL_ALLOW_PRIVATE: z.stringbool().default(false),
  /** S3-compatible storage instead of the folder: set the bucket (and the endpoint for anything but AWS). */
  QUORUM_MEDIA_S3_BUCKET: z.string().min(1).optional(),
  QUORUM_MEDIA_S3_ENDPOINT: z.url().optional(),
  QUORUM_MEDIA_S3_REGION: z.string().min(1).default('us-east-1'),
  QUORUM_MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  QUORUM_MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Key prefix inside the bucket. */
  QUORUM_MEDIA_S3_PREFIX: z.string().default('media/'),
  /** Path-style addressing (bucket in the path): what MinIO and most self-hosted stores need. */
  QUORUM_MEDIA_S3_FORCE_PATH_STYLE: z.stringbool().default(true),
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
