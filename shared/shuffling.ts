// Committee shuffling as the Ethereum consensus specs do it (docs/rules.md, committees): the swap-or-not
// `compute_shuffled_index`, `compute_committee` and `get_seed` of phase0's beacon-chain.md.
import { type Hex, hexToBytes, sha256Bytes } from "./hash.ts";

/** Rounds of swap-or-not (the mainnet preset; the minimal preset has 10). */
export const SHUFFLE_ROUND_COUNT = 90;

/** The seed domains: the spec's DOMAIN_BEACON_ATTESTER, and the sharding draft's DOMAIN_SHARD_COMMITTEE. */
export const DOMAIN_BEACON_ATTESTER = Uint8Array.of(0x01, 0, 0, 0);
export const DOMAIN_SHARD_COMMITTEE = Uint8Array.of(0x81, 0, 0, 0);

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** uint_to_bytes: little-endian, `size` bytes. */
function uintToBytes(value: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let rest = BigInt(value);
  for (let i = 0; i < size; i++) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** get_seed: hash(domain_type + uint_to_bytes(epoch) + mix), the mix being the RANDAO mix that seeds the epoch. */
export function getSeed(mix: Hex, epoch: number, domainType: Uint8Array): Uint8Array {
  return sha256Bytes(concatBytes(domainType, uintToBytes(epoch, 8), hexToBytes(mix)));
}

/**
 * What compute_shuffled_index hashes, for one seed and list size: each round's pivot and its source hashes
 * (one per 256 positions). They do not depend on the index, so a whole list's shuffle hashes them once.
 */
interface ShuffleRounds {
  pivots: number[];
  sources: Uint8Array[][];
}

function getShuffleRounds(seed: Uint8Array, indexCount: number): ShuffleRounds {
  const pivots: number[] = [];
  const sources: Uint8Array[][] = [];
  for (let round = 0; round < SHUFFLE_ROUND_COUNT; round++) {
    const roundByte = uintToBytes(round, 1);
    const pivotHash = sha256Bytes(concatBytes(seed, roundByte));
    let pivot = 0n;
    for (let i = 7; i >= 0; i--) pivot = (pivot << 8n) | BigInt(pivotHash[i]);
    pivots.push(Number(pivot % BigInt(indexCount)));
    const blocks: Uint8Array[] = [];
    for (let block = 0; block * 256 < indexCount; block++)
      blocks.push(sha256Bytes(concatBytes(seed, roundByte, uintToBytes(block, 4))));
    sources.push(blocks);
  }
  return { pivots, sources };
}

/** compute_shuffled_index: where `index` goes in the swap-or-not permutation of `indexCount` items by `seed`. */
export function computeShuffledIndex(
  index: number,
  indexCount: number,
  seed: Uint8Array,
  rounds: ShuffleRounds = getShuffleRounds(seed, indexCount),
): number {
  if (!(index >= 0 && index < indexCount)) throw new Error(`index ${index} is outside 0–${indexCount - 1}`);
  let current = index;
  for (let round = 0; round < SHUFFLE_ROUND_COUNT; round++) {
    const flip = (rounds.pivots[round] + indexCount - current) % indexCount;
    const position = Math.max(current, flip);
    const source = rounds.sources[round][Math.floor(position / 256)];
    const byte = source[Math.floor((position % 256) / 8)];
    if ((byte >> (position % 8)) % 2 === 1) current = flip;
  }
  return current;
}

/**
 * compute_committee for every committee index at once: the `count` committees the shuffled `indices` split
 * into, committee k being indices[compute_shuffled_index(i)] for i in [n·k/count, n·(k+1)/count).
 */
export function computeCommittees(indices: number[], seed: Uint8Array, count: number): number[][] {
  const n = indices.length;
  if (n === 0) return Array.from({ length: count }, () => []);
  const rounds = getShuffleRounds(seed, n);
  const shuffled = indices.map((_, i) => indices[computeShuffledIndex(i, n, seed, rounds)]);
  return Array.from({ length: count }, (_, k) =>
    shuffled.slice(Math.floor((n * k) / count), Math.floor((n * (k + 1)) / count)),
  );
}
