/** A rating the index cannot accept; `ratingIndex` points into the input array so callers can name a line. */
export class RatingInputError extends Error {
  constructor(
    message: string,
    readonly ratingIndex: number,
  ) {
    super(message);
    this.name = 'RatingInputError';
  }
}
