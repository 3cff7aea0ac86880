import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { canCreateProjects, isAdmin } from '@/server/auth/actor';
import { authorizeProjectAccess } from '@/server/auth/project-access';
import type { TProjectPermission } from '@/server/auth/roles';
import { AppError } from '@/server/errors';
import { ZId } from '@/server/ids';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from '@/server/security/well-formed-text';
import type { TContext } from './context';

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    // Field-level messages for forms; never internals of unexpected errors.
    const fieldErrors = error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null;
    if (error.code !== 'INTERNAL_SERVER_ERROR' || error.cause instanceof AppError) {
      return { ...shape, data: { ...shape.data, fieldErrors, requestId: null } };
    }
    // Anything unexpected (a driver error quoting its SQL and parameters, a bug) stays in the server
    // log under a request id; the caller gets the id and nothing else.
    const requestId = randomUUID();
    console.error(`[trpc] ${path ?? '?'} failed (request ${requestId}):`, error.cause ?? error);
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: `Something went wrong on the server (request id ${requestId})`,
      data: { ...data, fieldErrors: null, requestId },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Services throw AppError without knowing about tRPC; this is the one place codes are mapped. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

/** Every procedure's input, before any schema: strings must be well-formed Unicode. */
const requireWellFormedInput = t.middleware(async ({ getRawInput, next }) => {
  if (hasLoneSurrogate(await getRawInput())) throw new TRPCError({ code: 'BAD_REQUEST', message: LONE_SURROGATE_MESSAGE });
  return next();
});

export const publicProcedure = t.procedure.use(mapAppErrors).use(requireWellFormedInput);

/**
 * Any caller with an identity, including a person whose password an admin chose and who has not
 * replaced it yet: only for what the change-password page needs.
 */
export const identifiedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Marks the refusal that pages turn into a visit to the change-password page (see handlePageError). */
export class PasswordChangeRequiredError extends Error {
  constructor() {
    super('Change your password first');
    this.name = 'PasswordChangeRequiredError';
  }
}

/** Any caller with an identity: a browser session or an API token. */
export const authedProcedure = identifiedProcedure.use(({ ctx, next }) => {
  if (ctx.session?.mustChangePassword) {
    const cause = new PasswordChangeRequiredError();
    throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
  }
  return next({ ctx });
});

/** Changing one's own password needs the browser session it is changed from. */
export const passwordChangeProcedure = identifiedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.via !== 'session' || !ctx.session) throw new TRPCError({ code: 'FORBIDDEN', message: 'API tokens cannot do this; sign in' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** Account-level actions (tokens, creating projects) need a signed-in person, not an API token. */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.via !== 'session') throw new TRPCError({ code: 'FORBIDDEN', message: 'API tokens cannot do this; sign in' });
  return next({ ctx });
});

/** Creating projects is for admins and instance managers. */
export const projectCreatorProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (!canCreateProjects(ctx.actor)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins and managers can create projects' });
  return next({ ctx });
});

export const adminProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (!isAdmin(ctx.actor)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can do this' });
  return next({ ctx });
});

/** A procedure on one project; see authorizeProjectAccess for the rule. */
export function projectProcedure(permission: TProjectPermission) {
  return authedProcedure.input(z.object({ projectId: ZId })).use(async ({ ctx, input, next }) => {
    const project = await authorizeProjectAccess(ctx.db, ctx.actor, input.projectId, permission);
    return next({ ctx: { ...ctx, project } });
  });
}
