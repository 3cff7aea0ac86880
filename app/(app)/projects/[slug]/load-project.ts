import { cache } from 'react';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';

/** The project behind a URL, as the signed-in user may see it; shared by the layout and its pages. */
export const loadProject = cache(async (slug: string) => {
  const caller = await getServerCaller();
  // An unknown slug and someone else's project are both NOT_FOUND: the not-found page.
  const project = await caller.project.bySlug({ slug: slug.slice(0, 64) }).catch(handlePageError);
  return { caller, project };
});
