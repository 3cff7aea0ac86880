import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';
import { TokensManager } from './tokens-manager';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const caller = await getServerCaller();
  const [tokens, projects] = await Promise.all([caller.me.tokens(), caller.project.list()]).catch(handlePageError);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="For the CLI and the HTTP API. A token acts as you, with your role, in one project only. It is shown once; Quorum keeps only its hash."
      />
      <TokensManager tokens={tokens} projects={projects.map(({ id, name }) => ({ id, name }))} />
    </>
  );
}
