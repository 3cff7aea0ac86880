import type { TNotice } from '@/app/_lib/use-form-mutation';
import { Alert } from './alert';

/** A form's last error or success message, if any. */
export function FormNotice({ notice }: { notice: TNotice | null }) {
  return notice ? <Alert tone={notice.tone}>{notice.message}</Alert> : null;
}
