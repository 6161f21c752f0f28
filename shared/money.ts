// Money is integer milli-coins everywhere in the engine; configs speak coins.
export const MILLI_PER_COIN = 1000;

export function coinsToMilli(coins: number): number {
  return Math.round(coins * MILLI_PER_COIN);
}

/** "12.3" — coins with one decimal, as the UI and reports show them. */
export function formatCoins(milli: number): string {
  return (milli / MILLI_PER_COIN).toFixed(1);
}

/** Integer square root (the spec's `integer_squareroot`). */
export function integerSquareroot(n: number): number {
  if (n < 0) throw new RangeError("integerSquareroot of a negative number");
  let x = Math.floor(Math.sqrt(n));
  while (x * x > n) x--;
  while ((x + 1) * (x + 1) <= n) x++;
  return x;
}

/** floor(a * b / c) for non-negative integers without losing precision past 2^53. */
export function mulDiv(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return Math.floor(product / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
