import { z } from 'zod';
import { CERTIFICATE_FORMS } from '@/db/schema';
import { ZId } from '@/server/ids';

export { CERTIFICATE_FORMS };

/** Risks a person may state: below 0.01% no calibration set could certify anything; above 50% it is not a guarantee worth the name. */
const ZRisk = z.number().min(0.0001).max(0.5);
export const MAX_CERTIFICATE_NOTE_LENGTH = 2000;

export const ZCertifyInput = z
  .object({
    projectId: ZId,
    versionId: ZId,
    form: z.enum(CERTIFICATE_FORMS).default('error'),
    alpha: ZRisk,
    delta: ZRisk,
    gridStep: z.number().min(0.0001).max(0.1).default(0.001),
    labelTargets: z.record(z.string().min(1).max(200), z.number().gt(0).lt(1)).optional(),
  })
  .refine((input) => Math.abs(1 / input.gridStep - Math.round(1 / input.gridStep)) < 1e-6, { path: ['gridStep'], message: 'The grid step must divide 1 evenly (0.001, 0.005, 0.01…)' })
  .refine((input) => input.form !== 'per_label' || (input.labelTargets !== undefined && Object.keys(input.labelTargets).length > 0), {
    path: ['labelTargets'],
    message: 'Give a minimum precision for at least one label',
  });

export const ZCertificateInput = z.object({ projectId: ZId, certificateId: ZId });
export const ZApproveCertificateInput = ZCertificateInput.extend({ note: z.string().trim().max(MAX_CERTIFICATE_NOTE_LENGTH).optional() });
export const ZRetireCertificateInput = ZCertificateInput.extend({ note: z.string().trim().min(1, 'Say why').max(MAX_CERTIFICATE_NOTE_LENGTH) });
