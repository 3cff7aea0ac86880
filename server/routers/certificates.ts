import { approveCertificate, retireCertificate } from '@/server/services/oversight/approve-certificate';
import { certifyModelVersion } from '@/server/services/oversight/certify-model-version';
import { getDecisionWorkload } from '@/server/services/oversight/decision-workload';
import { getCertificate, listCertificates } from '@/server/services/oversight/list-certificates';
import { listModelVersions } from '@/server/services/learning/model-versions';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZApproveCertificateInput, ZCertificateInput, ZCertifyInput, ZRetireCertificateInput } from './certificates.schema';

/**
 * Certified thresholds (issue 15): anyone who sees decisions reads the certificates and their
 * evidence; data scientists and managers ('decision.policy') certify, approve and retire them.
 */
export const certificatesRouter = router({
  list: projectProcedure('decision.view').query(async ({ ctx }) => {
    const [certificates, versions, workload] = await Promise.all([
      listCertificates(ctx.db, ctx.project.id),
      listModelVersions(ctx.db, ctx.project.id, { limit: 50 }),
      getDecisionWorkload(ctx.db, ctx.project.id),
    ]);
    return { certificates, versions: versions.filter((v) => v.status === 'ready').map((v) => ({ id: v.id, version: v.version, isCurrent: v.isCurrent })), workload };
  }),
  get: projectProcedure('decision.view')
    .input(ZCertificateInput)
    .query(({ ctx, input }) => getCertificate(ctx.db, ctx.project.id, input.certificateId)),
  certify: projectProcedure('decision.policy')
    .input(ZCertifyInput)
    .mutation(({ ctx, input }) => {
      const { projectId: _projectId, ...rest } = input;
      return certifyModelVersion(ctx.db, ctx.actor, ctx.project.id, rest);
    }),
  approve: projectProcedure('decision.policy')
    .input(ZApproveCertificateInput)
    .mutation(({ ctx, input }) => approveCertificate(ctx.db, ctx.actor, ctx.project.id, input.certificateId, input.note || null)),
  retire: projectProcedure('decision.policy')
    .input(ZRetireCertificateInput)
    .mutation(({ ctx, input }) => retireCertificate(ctx.db, ctx.actor, ctx.project.id, input.certificateId, input.note)),
});
