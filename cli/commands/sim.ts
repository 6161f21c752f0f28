// `trilemma sim`: one headless match, a readable summary or one JSON object.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { type MatchOutcome, runMatch } from "../../runtime/match.ts";
import { summarizeMatch } from "../../runtime/summary.ts";
import { formatCoins, PRESETS } from "../../shared/index.ts";
import {
  checkSeatRoles,
  collect,
  configFromFlags,
  printSeatLogs,
  seatsFromFlags,
  VERBOSE_HELP,
} from "./common.ts";

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
  for (const [seat, reason] of Object.entries(outcome.lastErrors)) {
    console.log(`${seat} ${outcome.statuses[seat]}: ${reason.split("\n")[0]}`);
  }
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
    .option("--preset <name>", `rule preset (${Object.keys(PRESETS).join(", ")})`, "phase0")
    .option("--config <file>", "JSON file of config overrides")
    .option("--set <key=value>", "override one config key (repeatable)", collect)
    .option(
      "--seat <role=strategy>",
      "add a seat (repeatable); strategy is a name or a bot file; append :validators=N to size the seat (e.g. attacker=stalling-cartel:validators=12)",
      collect,
    )
    .option("--replay <file>", "write the replay to this file")
    .option("--json", "print one JSON object instead of the summary")
    .option("--verbose", VERBOSE_HELP)
    .action(async (options) => {
      const set = [...(options.set ?? [])];
      if (options.slots !== undefined) set.push(`slots=${options.slots}`);
      const config = configFromFlags({ ...options, set });
      const seats = seatsFromFlags(options.seat);
      await checkSeatRoles(seats);
      const outcome = await runMatch({ config, seed: options.seed, seats, record: Boolean(options.replay) });
      if (options.replay) writeFileSync(options.replay, JSON.stringify(outcome.replay));
      if (options.json) console.log(JSON.stringify(summarizeMatch(options.seed, outcome)));
      else printSummary(options.seed, outcome);
      if (options.verbose) printSeatLogs(outcome.logs);
    });
}
