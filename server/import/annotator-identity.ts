import { getOwn, isPlainRecord } from './sanitize-json';

/**
 * Who made an annotation, as a file says it. Display names are neither unique nor stable (anyone can
 * rename themselves), so an import tells annotators apart by e-mail, then by id, and only falls back
 * to the name when the file gives nothing else.
 */
export type TAnnotatorIdentity = { name: string; email: string | null; id: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_IDENTITY_CHARS = 254;

function readIdentityText(raw: unknown): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return text === '' || text.length > MAX_IDENTITY_CHARS ? null : text;
}

function readEmail(raw: unknown): string | null {
  const text = readIdentityText(raw);
  return text !== null && EMAIL.test(text) ? text.toLowerCase() : null;
}

/** Fields that name an annotator; null when none does. Label Studio's JSON_MIN names them by e-mail. */
export function readAnnotatorIdentity(fields: { name?: unknown; email?: unknown; id?: unknown }): TAnnotatorIdentity | null {
  const name = readIdentityText(fields.name);
  const email = readEmail(fields.email) ?? readEmail(name);
  const id = readIdentityText(fields.id);
  const shown = name ?? email ?? id;
  return shown === null ? null : { name: shown, email, id };
}

/**
 * Label Studio's `completed_by`: a user id in current exports, a user object (with `email`) in old
 * ones and in ours, a bare name in Quorum exports made before annotators carried an identity.
 */
export function readCompletedBy(raw: unknown): TAnnotatorIdentity {
  const identity = isPlainRecord(raw)
    ? readAnnotatorIdentity({
        name: getOwn(raw, 'name') ?? getOwn(raw, 'username') ?? getOwn(raw, 'email'),
        email: getOwn(raw, 'email'),
        id: getOwn(raw, 'id'),
      })
    : typeof raw === 'number'
      ? readAnnotatorIdentity({ id: raw })
      : readAnnotatorIdentity({ name: raw });
  return identity ?? { name: 'unknown', email: null, id: null };
}
