/** A share in [0, 1] as the percentage a form shows, to one decimal. */
export function asPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** The share behind a percentage field; an untouched field keeps its exact share, since the field shows it rounded. */
export function shareFromPercent(value: FormDataEntryValue | null, current: number): number {
  const percent = Number(value);
  return percent === asPercent(current) ? current : percent / 100;
}
