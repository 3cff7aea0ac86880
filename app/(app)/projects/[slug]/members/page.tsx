import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { MembersManager } from './members-manager';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'project.manage')) notFound();
  const [members, me] = await Promise.all([caller.project.members({ projectId: project.id }), caller.me.get()]);
  return <MembersManager projectId={project.id} members={members} currentUserId={me.userId} />;
}
