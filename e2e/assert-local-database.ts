/** e2e runs wipe and seed their database: refuse anything but the embedded one or a server on this machine. */
export function assertLocalDatabase(url: string | undefined): void {
  if (!url) return;
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
    throw new Error(`Refusing to run end-to-end tests against a non-local database (${host})`);
  }
}
