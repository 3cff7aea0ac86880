/** Where the app mounts better-auth's handler (app/api/auth/[...all]/route.ts). */
const AUTH_BASE_PATH = '/api/auth';

/**
 * The better-auth endpoints reachable over HTTP: signing in and out, reading the session, and the
 * profile update (name, image; checked and audited by hooks in ./auth.ts). Everything else it serves
 * would change accounts around the app's rules and audit trail: the admin plugin's set-role,
 * remove-user, set-user-password, ban and impersonation, change-password, sign-up, password reset,
 * account linking. The app does those through its own procedures (admin.*, me.changePassword), which
 * keep the last admin, disable rather than delete, check passwords and record each change. An
 * allow-list, so an endpoint a better-auth upgrade adds stays closed until someone opens it here.
 */
const BROWSER_AUTH_PATHS: ReadonlySet<string> = new Set(['/sign-in/email', '/sign-out', '/get-session', '/update-user']);

export function isBrowserAuthPath(pathname: string): boolean {
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false;
  return BROWSER_AUTH_PATHS.has(pathname.slice(AUTH_BASE_PATH.length));
}
