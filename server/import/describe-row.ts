/** How a problem's row reads in messages: row 0 is the header, data row 1 the first row after it. */
export function describeRow(row: number): string {
  return row === 0 ? 'header' : `row ${row}`;
}
