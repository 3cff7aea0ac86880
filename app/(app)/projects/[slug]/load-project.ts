import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getAppServices } from '@/server/app-services';
import { findProjectIdBySlug } from '@/server/services/projects/projects';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';

/** The project behind a URL, as the signed-in user may see it; shared by the layout and its pages. */
export const loadProject = cache(async (slug: string) => {
  const caller = await getServerCaller();
  const { db } = await getAppServices();
  const projectId = await findProjectIdBySlug(db, slug.slice(0, 64));
  if (projectId === null) notFound();
  const project = await caller.project.get({ projectId }).catch(handlePageError);
  return { caller, project };
});
