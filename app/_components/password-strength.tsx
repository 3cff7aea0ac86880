import type { TPasswordVerdict } from '@/server/routers/account.schema';

const SCORE_WORDS = ['Very easy to guess', 'Easy to guess', 'Still easy to guess', 'Hard to guess', 'Very hard to guess'];
const SEGMENTS = [0, 1, 2, 3];

/** A password's strength as a bar and in words, with what to change; announced as it changes. */
export function PasswordStrength({ verdict, minLength }: { verdict: TPasswordVerdict | null; minLength: number }) {
  if (!verdict) return <span aria-live="polite">{`At least ${minLength} characters; several uncommon words make a strong one.`}</span>;
  const tone = verdict.isStrongEnough ? 'bg-green-600' : verdict.score >= 2 ? 'bg-amber-500' : 'bg-red-600';
  return (
    <span className="block" data-testid="password-strength">
      <span className="mb-1 flex gap-1" aria-hidden="true">
        {SEGMENTS.map((segment) => (
          <span key={segment} className={`h-1.5 flex-1 rounded-full ${segment < verdict.score ? tone : 'bg-slate-200'}`} />
        ))}
      </span>
      <span aria-live="polite">
        <strong className={verdict.isStrongEnough ? 'text-green-800' : 'text-red-800'}>{`${SCORE_WORDS[verdict.score] ?? ''}.`}</strong>
        {verdict.feedback ? ` ${verdict.feedback}` : null}
      </span>
    </span>
  );
}
