import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/page-header';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';
import { NewProjectForm } from './new-project-form';

export const metadata: Metadata = { title: 'New project' };

export default async function NewProjectPage() {
  const caller = await getServerCaller();
  const me = await caller.me.get().catch(handlePageError);
  if (me.globalRole !== 'admin' && me.globalRole !== 'manager') notFound();
  return (
    <>
      <PageHeader title="New project" description="A project of texts or images, its label set and the instructions annotators read." />
      <NewProjectForm />
    </>
  );
}
