import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { resolveAuthSecret } from '@/server/auth/secret';
import { getEnv } from '@/server/env';

/** Standard Webhooks secrets: "whsec_" + base64 of 24 to 64 random bytes; 32 is what most senders use. */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** A versioned format, so the key derivation or cipher can change without misreading old rows. */
const CIPHERTEXT_VERSION = 'v1';
const HKDF_INFO = 'quorum decision webhook secret v1';

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The key that encrypts webhook secrets at rest: derived from the server's secret rather than the
 * secret itself, so a leak of one key never hands over the session-signing secret.
 */
function deriveKey(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'quorum-webhooks', HKDF_INFO, 32));
}

/** AES-256-GCM with a fresh 96-bit nonce: "v1.<nonce>.<tag>.<ciphertext>", base64url parts. */
export function encryptWebhookSecret(serverSecret: string, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(serverSecret), nonce);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [CIPHERTEXT_VERSION, nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Throws when the row was encrypted under another server secret or altered (GCM's tag does not match). */
export function decryptWebhookSecret(serverSecret: string, encrypted: string): string {
  const [version, nonce, tag, ciphertext] = encrypted.split('.');
  if (version !== CIPHERTEXT_VERSION || !nonce || !tag || ciphertext === undefined) throw new Error('unreadable webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(serverSecret), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** The server's secret as the app's auth uses it (QUORUM_SECRET, else the one kept in the database). */
export function resolveServerSecret(db: Database): Promise<string> {
  return resolveAuthSecret(db, getEnv().QUORUM_SECRET);
}
