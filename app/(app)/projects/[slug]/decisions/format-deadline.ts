/** A deadline as the queue words it: "overdue by 12 min", "in 3 h", "no deadline". */
export function describeDeadline(deadline: Date | null, now: Date = new Date()): string {
  if (deadline === null) return 'No deadline';
  const ms = deadline.getTime() - now.getTime();
  const span = describeSpan(Math.abs(ms));
  return ms <= 0 ? `Overdue by ${span}` : `Due in ${span}`;
}

function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
