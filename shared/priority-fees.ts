// The Layer 1's own users (docs/network.md, "Timing games"): a slot's worth of plain transfers at EIP-1559's gas
// target arrives at seeded times spread over the slot, each tipping the proposer whose block carries it. A block
// carries those that had arrived by its publish time (the rest wait for the next block), so publishing later
// collects more tips and leaves the next proposer fewer. A synchronous match has no publish time and no such users.
import type { MatchConfig } from "./config.ts";
import type { StepContext } from "./context.ts";
import { mint } from "./ledger.ts";
import { GAS_PER_TRANSFER } from "./network/inputs.ts";
import { Rng, seedRng } from "./random.ts";
import type { Block, EngineState } from "./types.ts";

/** EIP-1559's ELASTICITY_MULTIPLIER: the base fee settles where blocks use 1/2 of the gas limit. */
const ELASTICITY_MULTIPLIER = 2;
const GWEI_PER_MILLI_COIN = 1_000_000;

function blockCapacity(config: MatchConfig): number {
  return Math.floor(config.blockGas / GAS_PER_TRANSFER);
}

/** The users' transfers sent each slot: the gas target's worth. */
function sentPerSlot(config: MatchConfig): number {
  return Math.floor(blockCapacity(config) / ELASTICITY_MULTIPLIER);
}

/** How many of `slot`'s transfers had arrived `publishMs` into it: arrival times uniform over the slot, seeded. */
function arrivedBy(state: EngineState, slot: number, publishMs: number): number {
  const { config } = state;
  const sent = sentPerSlot(config);
  if (publishMs <= 0) return 0;
  if (publishMs >= config.networkSlotMs) return sent;
  const rng = new Rng({ rng: seedRng(`${state.seed}/l1-users/${slot}`) });
  let arrived = 0;
  for (let i = 0; i < sent; i++) if (rng.int(config.networkSlotMs) < publishMs) arrived++;
  return arrived;
}

/** The users' transfers a block of `slot` published `publishMs` into it carries: those waiting first, up to its gas. */
export function userTransfersFor(state: EngineState, slot: number, publishMs: number): number {
  if (!state.network) return 0;
  return Math.min(
    blockCapacity(state.config),
    state.network.waitingTransfers + arrivedBy(state, slot, publishMs),
  );
}

/** The tips of `transfers` plain transfers, in milli-coins (a coin is an ETH: 10^9 gwei). */
export function tipsOf(config: MatchConfig, transfers: number): number {
  return Math.floor((transfers * GAS_PER_TRANSFER * config.priorityFeeGwei) / GWEI_PER_MILLI_COIN);
}

/**
 * The slot's users' transfers after fork choice: the canonical block's proposer gets their tips (new coins to the
 * game: the users' ETH is outside it), and every transfer sent this slot that no block carried waits.
 */
export function settleUserTransfers(ctx: StepContext, block: Block | null): void {
  const net = ctx.state.network;
  if (!net) return;
  const waiting = net.waitingTransfers + sentPerSlot(ctx.config);
  const carried = block ? Math.min(block.userTransfers, waiting) : 0;
  if (block) mint(ctx, { validator: block.proposer }, tipsOf(ctx.config, carried), "fees");
  net.waitingTransfers = waiting - carried;
}
