import seedrandom from "seedrandom";

/** alea's whole state: four numbers that round-trip through JSON exactly (86 bytes). */
export interface RngState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

export function seedRng(seed: string): RngState {
  return seedrandom.alea(seed, { state: true }).state() as RngState;
}

/**
 * Draws from the PRNG held in the engine state and writes its new state back, so a snapshot taken
 * between any two draws resumes bit-for-bit.
 */
export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  private readonly holder: { rng: RngState };

  constructor(holder: { rng: RngState }) {
    this.holder = holder;
    this.prng = seedrandom.alea("", { state: holder.rng as seedrandom.State.Alea });
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const value = this.prng();
    this.holder.rng = this.prng.state() as RngState;
    return value;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** `count` distinct integers of [0, n), in draw order: a partial Fisher–Yates (sampling without replacement). */
  distinct(n: number, count: number): number[] {
    const pool = Array.from({ length: n }, (_, i) => i);
    const drawn: number[] = [];
    for (let i = 0; i < Math.min(count, n); i++) {
      const j = i + this.int(n - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      drawn.push(pool[i]);
    }
    return drawn;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
