import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { admin } from 'better-auth/plugins';
import type { Database } from '@/db/client';
import { accounts, rateLimits, sessions, users, verifications } from '@/db/schema';
import { CLIENT_ADDRESS_HEADER } from '@/server/security/client-address';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy';
import { createProfileHooks, type TProfileChange } from './profile-hooks';
import { beginSignInAttempt, finishSignInAttempt, type TSignInAttempt } from './sign-in-limit';

const LOCAL_HOSTS = ['localhost', 'localhost:*', '127.0.0.1', '127.0.0.1:*', '[::1]', '[::1]:*'];

export type TAuthOptions = {
  secret: string;
  /** Public URL of the app; when absent, requests from this machine's loopback names are accepted. */
  baseUrl?: string;
  /** Failed sign-ins (per address, per account) before the back-off starts. */
  signInLimit: number;
  /** Records a change of name, e-mail or picture in the audit trail (a service this layer may not import). */
  onProfileChange: (change: TProfileChange) => Promise<void>;
};

const SIGN_IN_PATH = '/sign-in/email';

/** A browser's sign-in: the address comes from the header the auth route set (see withClientAddress). */
function readSignInAttempt(ctx: { path?: string; body?: unknown; request?: Request; headers?: Headers }): TSignInAttempt | null {
  if (ctx.path !== SIGN_IN_PATH || !ctx.request) return null;
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return null;
  return { email, address: (ctx.headers ?? ctx.request.headers).get(CLIENT_ADDRESS_HEADER) };
}

export function createAuth(db: Database, options: TAuthOptions) {
  const auth = betterAuth({
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
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: MAX_PASSWORD_LENGTH },
    // Read with every session so the app can hold a person at the change-password page; never
    // writable through better-auth's own endpoints (input: false), only by the app's services.
    user: {
      additionalFields: {
        mustChangePassword: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Counted in the database, so a limit holds across any number of app servers. Sign-in has its
    // own back-off by address and by account (./sign-in-limit.ts) in the hooks below.
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { [SIGN_IN_PATH]: false },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const attempt = readSignInAttempt(ctx);
        if (!attempt) return;
        const verdict = await beginSignInAttempt(db, attempt, options.signInLimit);
        if (!verdict.allowed) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            { message: `Too many failed sign-ins; try again in ${verdict.retryAfterSeconds} seconds.` },
            { 'Retry-After': String(verdict.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const attempt = readSignInAttempt(ctx);
        if (!attempt) return;
        const returned = ctx.context.returned;
        // A 429 from the before hook never began an attempt, so there is nothing to settle.
        if (isAPIError(returned) && returned.statusCode === 429) return;
        const outcome = !isAPIError(returned) ? 'signed-in' : returned.statusCode === 401 ? 'wrong-password' : 'other';
        await finishSignInAttempt(db, attempt, outcome);
      }),
    },
    // Names are checked and profile changes audited under every endpoint that writes a user.
    databaseHooks: createProfileHooks(db, options.onProfileChange),
    // The client address is resolved by the app (trusted proxies only) and handed over in this header.
    advanced: { cookiePrefix: 'quorum', ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    plugins: [admin({ defaultRole: 'user', adminRoles: ['admin'] })],
  });
  // Other password checks (the change-password page) back off on the same limit as sign-in.
  return Object.assign(auth, { signInLimit: options.signInLimit });
}

export type Auth = ReturnType<typeof createAuth>;
