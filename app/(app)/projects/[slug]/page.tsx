import type { Metadata } from 'next';
import { PROJECT_ROLE_LABELS } from '@/server/auth/roles';
import { loadProject } from './load-project';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { project } = await loadProject((await params).slug);
  return { title: project.name };
}

export default async function ProjectHomePage({ params }: { params: Promise<{ slug: string }> }) {
  const { project } = await loadProject((await params).slug);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card lg:col-span-2" aria-labelledby="instructions-heading">
        <h2 id="instructions-heading" className="font-semibold">
          Instructions
        </h2>
        {project.instructions ? (
          <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-800">{project.instructions}</p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No instructions yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="labels-heading">
        <h2 id="labels-heading" className="font-semibold">
          Labels
        </h2>
        <ul className="mt-3 space-y-2" aria-label="Label set">
          {project.labels.map((label) => (
            <li key={label.id} className="flex items-center gap-2 text-sm">
              <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: label.color }} />
              <span className="min-w-0 flex-1 truncate">{label.name}</span>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{label.hotkey}</kbd>
            </li>
          ))}
        </ul>
        <p className="mt-4 text-xs text-slate-600">
          Your role: {project.role === 'admin' ? 'Admin' : PROJECT_ROLE_LABELS[project.role]}
        </p>
      </section>
    </div>
  );
}
