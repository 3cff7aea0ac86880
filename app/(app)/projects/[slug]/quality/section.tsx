import type { ReactNode } from 'react';

/** One block of the report; `id` doubles as the heading anchor. */
export function ReportSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="card quality-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-slate-700">{description}</div> : null}
      {children}
    </section>
  );
}
