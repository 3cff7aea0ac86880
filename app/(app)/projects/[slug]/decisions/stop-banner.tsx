import Link from 'next/link';

/** Shown on every decisions page while the stop switch is on: nothing is decided automatically. */
export function StopBanner({ policyHref }: { policyHref: string | null }) {
  return (
    <div role="status" className="rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-950" data-testid="decision-stop-banner">
      <p className="font-semibold">
        <span aria-hidden="true">■ </span>Stop switch on: every new case goes to people
      </p>
      <p className="mt-1 text-sm">The model decides nothing until a data scientist or manager releases the switch.</p>
      {policyHref ? (
        <Link href={policyHref} className="link mt-2 inline-block text-sm text-red-900">
          Review the policy and release the switch
        </Link>
      ) : null}
    </div>
  );
}
