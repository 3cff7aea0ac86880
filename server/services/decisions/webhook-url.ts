import { z } from 'zod';

/**
 * A webhook receiver: the project's, or a case's callbackUrl. http(s) only, bounded, no credentials
 * in it (they would sit in the database and the record in plain text); whether its host may be a
 * private address is checked at delivery, when the name is resolved.
 */
export const ZWebhookUrl = z
  .url({ protocol: /^https?$/, message: 'Enter an http:// or https:// URL' })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'A webhook URL cannot carry a user name or password');
