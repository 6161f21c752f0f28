// `trilemma sim`: one headless match, a readable summary or one JSON object.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { formatCoins, type SeatScore } from "../../shared/index.ts";
import { type MatchOutcome, runMatch } from "../match.ts";
import { median } from "../tournament/stats.ts";
import { collect, configFromFlags, seatsFromFlags } from "./common.ts";

function coins(milli: number): number {
  return milli / 1000;
}

function seatJson(score: SeatScore) {
  return {
    id: score.id,
    role: score.role,
    strategy: score.strategy,
    background: score.background,
    score: coins(score.score),
    breakdown: Object.fromEntries(Object.entries(score.breakdown).map(([key, value]) => [key, coins(value)])),
  };
}

/** The `--json` object: everything a script or a test needs about one match. */
export function simJson(seed: string, outcome: MatchOutcome) {
  const { state, metrics } = outcome;
  return {
    seed,
    slots: state.slot,
    stateRoot: outcome.stateRoot,
    l1: {
      justifiedEpoch: state.currentJustified.epoch,
      finalizedEpoch: state.finalized.epoch,
      slashedValidators: state.validators.filter((v) => v.slashed).map((v) => v.index),
    },
    seats: outcome.scores.map(seatJson),
    statuses: outcome.statuses,
    metrics: {
      ...metrics,
      l1Attacks: undefined,
      batches: undefined,
      stakeSlashed: coins(metrics.stakeSlashed),
      inactivityPenalties: coins(metrics.inactivityPenalties),
      minted: coins(metrics.minted),
      burned: coins(metrics.burned),
    },
    refusals: outcome.refusalsByCode,
    rollups: state.l2.rollups.map((rollup) => ({
      id: rollup.id,
      kind: rollup.kind,
      batchesPosted: metrics.batches[rollup.id]?.posted ?? 0,
      batchesFinalized: metrics.batches[rollup.id]?.finalized ?? 0,
      batchesReverted: metrics.batches[rollup.id]?.reverted ?? 0,
      txsFinalized: rollup.txsFinalized,
      txsFinalizedPerSlot: rollup.txsFinalized / state.slot,
      finalityLagSlots: median(rollup.finalityLags),
    })),
    shards: {
      blobsPosted: metrics.blobsPosted,
      blobsUnavailable: metrics.blobsUnavailable,
      blobFeeFinal: coins(Math.max(...state.l2.shards.map((shard) => shard.fee))),
    },
    attacks: [
      ...metrics.l1Attacks,
      ...state.l2.attacks.map((attack) => ({
        kind: attack.kind,
        by: attack.by,
        slot: attack.slot,
        outcome: attack.outcome,
        detectedAfterSlots: attack.detectedSlot >= 0 ? attack.detectedSlot - attack.slot : null,
      })),
    ],
  };
}

function printSummary(seed: string, outcome: MatchOutcome): void {
  const { state, metrics } = outcome;
  console.log(
    `Trilemma match · seed ${seed} · ${state.slot} slots · root ${outcome.stateRoot.slice(0, 16)}…`,
  );
  console.log(
    `Layer 1: justified epoch ${state.currentJustified.epoch}, finalized epoch ${state.finalized.epoch}, ` +
      `${metrics.blocksProposed} blocks, ${metrics.missedSlots} missed slots, ${metrics.forks} forks`,
  );
  console.log(
    `Slashings: ${metrics.validatorsSlashed} validators (${
      Object.entries(metrics.slashingsByOffense)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ") || "none"
    }), ` +
      `${formatCoins(metrics.stakeSlashed)} coins; inactivity penalties ${formatCoins(metrics.inactivityPenalties)} coins`,
  );
  console.table(
    outcome.scores.map((s) => ({
      seat: s.id,
      role: s.role,
      strategy: s.strategy,
      status: outcome.statuses[s.id],
      score: formatCoins(s.score),
      ...Object.fromEntries(
        Object.entries(s.breakdown)
          .filter(([, v]) => v !== 0)
          .map(([k, v]) => [k, formatCoins(v)]),
      ),
    })),
  );
  const refused = Object.entries(outcome.refusalsByCode);
  if (refused.length > 0)
    console.log(`Refused actions: ${refused.map(([code, n]) => `${n} ${code}`).join(", ")}`);
}

export function registerSim(program: Command): void {
  program
    .command("sim")
    .description("run one match headless")
    .requiredOption("--seed <seed>", "the match seed")
    .option("--slots <n>", "match length in slots (overrides the config)")
    .option("--preset <name>", "rule preset: phase0 or electra", "phase0")
    .option("--config <file>", "JSON file of config overrides")
    .option("--set <key=value>", "override one config key (repeatable)", collect)
    .option("--seat <role=strategy>", "add a seat (repeatable); strategy is a name or a bot file", collect)
    .option("--replay <file>", "write the replay to this file")
    .option("--json", "print one JSON object instead of the summary")
    .action(async (options) => {
      const set = [...(options.set ?? [])];
      if (options.slots !== undefined) set.push(`slots=${options.slots}`);
      const config = configFromFlags({ ...options, set });
      const seats = seatsFromFlags(options.seat);
      const outcome = await runMatch({ config, seed: options.seed, seats, record: Boolean(options.replay) });
      if (options.replay) writeFileSync(options.replay, JSON.stringify(outcome.replay));
      if (options.json) console.log(JSON.stringify(simJson(options.seed, outcome)));
      else printSummary(options.seed, outcome);
    });
}
