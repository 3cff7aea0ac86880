import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

/**
 * What each procedure takes and answers, as client components see it: they name the procedure
 * (`RouterOutputs['quality']['report']`), never the service behind it.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
