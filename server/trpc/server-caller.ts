import { TRPCError } from '@trpc/server';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getAppServices } from '@/server/app-services';
import { createContext } from './context';
import { PasswordChangeRequiredError } from './init';
import { createCaller } from './root';

/** The app router called in-process from server components, as the signed-in browser user. */
export async function getServerCaller() {
  // Reading headers first marks the page dynamic, so `next build` never opens the database.
  const requestHeaders = await headers();
  const { db, auth } = await getAppServices();
  return createCaller(await createContext({ db, auth, headers: requestHeaders }));
}

/** Where a person whose password an admin chose is held until they replace it. */
export const PASSWORD_CHANGE_PATH = '/account/password';

/** Pages turn auth failures into navigation: sign in, change the password, or a not-found page that reveals nothing. */
export function handlePageError(error: unknown): never {
  if (error instanceof TRPCError) {
    if (error.cause instanceof PasswordChangeRequiredError) redirect(PASSWORD_CHANGE_PATH);
    if (error.code === 'UNAUTHORIZED') redirect('/sign-in');
    if (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST') notFound();
  }
  throw error;
}
