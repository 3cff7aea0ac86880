import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'qrm_';

/** Tokens are 192 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}
