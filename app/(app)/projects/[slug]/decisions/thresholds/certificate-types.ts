import type { RouterOutputs } from '@/app/_lib/router-types';

export type TCertificate = RouterOutputs['certificates']['get'];
export type TCertificateList = RouterOutputs['certificates']['list'];
export type TWorkload = TCertificateList['workload'];
export type TCertificateEntry = TCertificateList['certificates'][number];
