import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { admin } from 'better-auth/plugins';
import type { Database } from '@/db/client';
import { accounts, rateLimits, sessions, users, verifications } from '@/db/schema';

import { MIN_PASSWORD_LENGTH } from './password-policy';
const LOCAL_HOSTS = ['localhost', 'localhost:*', '127.0.0.1', '127.0.0.1:*', '[::1]', '[::1]:*'];

export type TAuthOptions = {
  secret: string;
  /** Public URL of the app; when absent, requests from this machine's loopback names are accepted. */
  baseUrl?: string;
  signInLimitPerMinute: number;
};

export function createAuth(db: Database, options: TAuthOptions) {
  return betterAuth({
    appName: 'Quorum',
    secret: options.secret,
    // Server-side calls (setup, admin, demo seeding) carry no request; they fall back to the local URL.
    baseURL: options.baseUrl ?? { allowedHosts: LOCAL_HOSTS, fallback: `http://localhost:${process.env.PORT ?? 3000}` },
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications, rateLimit: rateLimits },
    }),
    // Accounts are created by the first-run setup, by an admin, or through an invite link: there is
    // no open sign-up endpoint.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Counted in the database, so a limit holds across any number of app servers.
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: options.signInLimitPerMinute } },
    },
    advanced: { cookiePrefix: 'quorum' },
    plugins: [admin({ defaultRole: 'user', adminRoles: ['admin'] })],
  });
}

export type Auth = ReturnType<typeof createAuth>;
