/** Integer ids as a PostgreSQL array literal, bound to `= any(?::int[])`: one parameter for a list of any length. */
export function intArray(ids: readonly number[]): string {
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error('intArray: ids must be integers');
  return `{${ids.join(',')}}`;
}
