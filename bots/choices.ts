// What a seat can decide now (docs/rules.md, action vocabulary), honest and dishonest, as a person at the role panel sees it: each
// choice is a set of engine actions built by the same routines the built-in strategies play, with a hint of
// what it costs or earns and, for disputes, the verdict of re-executing the batch. No DOM, no Node: the
// browser and bots alike can call it.
import {
  type Action,
  type ActionType,
  type AttestAction,
  type BatchView,
  type Dispute,
  executeBatch,
  getBisectionMidpoint,
  getOverdueInbox,
  type Hex,
  hashParts,
  MILLI_PER_COIN,
  mayAct,
  type PlayerView,
  traceAt,
} from "../shared/index.ts";
import type { BotDefinition } from "./api.ts";
import censoringProposer from "./strategies/censoring-proposer.ts";
import { honestChallenger } from "./strategies/challenger-strategies.ts";
import doubleVoter from "./strategies/double-voter.ts";
import equivocatingProposer from "./strategies/equivocating-proposer.ts";
import lazyDaAttester from "./strategies/lazy-da-attester.ts";
import {
  defendDisputes,
  findBatchView,
  forgedTrace,
  nextBatchTxs,
  pendingMove,
  planBatch,
  rollupOf,
  submitProofs,
} from "./strategies/rollup-routine.ts";
import { zkForger } from "./strategies/sequencer-strategies.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./strategies/validator-routine.ts";

export interface Choice {
  /** A keyboard shortcut, the same for the same kind of choice in every slot. */
  key: string;
  label: string;
  /** What taking it costs or earns, in the round's config numbers. */
  hint: string;
  actions: Action[];
}

/** Coins as the UI shows them: one decimal, or more for small amounts. */
const coins = (amount: number) =>
  Math.abs(amount) >= 1 || amount === 0 ? amount.toFixed(1) : String(amount);

/** Every choice of this seat now, in a stable order; only choices with something to send. */
export function choices(view: PlayerView): Choice[] {
  const may = (type: ActionType) => mayAct(view.seat.role, type);
  const list: Choice[] = [];
  if (may("attest")) list.push(...validatorChoices(view));
  if (may("postBatch")) list.push(...sequencerChoices(view));
  if (may("challenge")) list.push(...challengerChoices(view));
  list.push(...reportChoices(view));
  return list.filter((choice) => choice.actions.length > 0);
}

/** One built-in strategy's actions of one type for this view: its dishonest content, reused as it plays it. */
function strategyActions<T extends ActionType>(
  definition: BotDefinition,
  view: PlayerView,
  type: T,
): Extract<Action, { type: T }>[] {
  const bot = definition.create({
    seatId: view.seat.id,
    role: view.seat.role,
    config: view.config,
    random: () => 0,
  });
  const actions = bot.act(view);
  if (!Array.isArray(actions)) throw new Error(`${definition.name} answers asynchronously`);
  return (actions as Action[]).filter(
    (action): action is Extract<Action, { type: T }> => action.type === type,
  );
}

function validatorChoices(view: PlayerView): Choice[] {
  const { config } = view;
  const slashPenalty = config.stakePerValidator / config.minSlashingPenaltyQuotient;
  const due = view.duties.attest;
  const votes = strategyActions(doubleVoter, view, "attest");
  // The strategy signs no second vote where the honest head is already the one it would vote for.
  const doubleVotes = votes.length > due.length ? votes : [];
  const usable = view.seat.validators.filter((v) => v.active && !v.slashed);
  const lazyVotes = strategyActions(lazyDaAttester, view, "attestAvailability");
  return [
    {
      key: "v",
      label: `Attest honestly with validator${plural(due)} ${due.join(", ")}`,
      hint: "Vote for the head and checkpoints you see: earns the source, target and head rewards",
      actions: honestAttestations(view),
    },
    {
      key: "m",
      label: `Double vote with validator${plural(due)} ${due.join(", ")}`,
      hint: `Two votes for one target epoch: slashable, −${coins(slashPenalty)} each and a forced exit if reported`,
      actions: doubleVotes,
    },
    {
      key: "o",
      label: `Surround vote with validator${plural(due)} ${due.join(", ")}`,
      hint: `A vote whose span surrounds your last one: slashable, −${coins(slashPenalty)} each if reported`,
      actions: surroundVotes(view),
    },
    {
      key: "p",
      label: `Propose the block of slot ${view.slot}`,
      hint: "Your turn to propose: earns the proposer reward for the votes and reports it carries",
      actions: honestProposals(view),
    },
    {
      key: "r",
      label: `Propose slot ${view.slot}'s block without challenges`,
      hint: `Censorship (the delay attack): challenges and dispute moves wait for another proposer; nothing slashes it`,
      actions: strategyActions(censoringProposer, view, "propose"),
    },
    {
      key: "e",
      label: `Propose two blocks in slot ${view.slot}`,
      hint: `Equivocation: a fork now; −${coins(slashPenalty)} and a forced exit if reported`,
      actions: strategyActions(equivocatingProposer, view, "propose"),
    },
    {
      key: "k",
      label: `Sample ${lazyVotes.length} blob${plural(lazyVotes)} and vote what you found`,
      hint: "Available only if every sampled chunk was released: keeps withheld data out",
      actions: honestAvailability(view),
    },
    {
      key: "l",
      label: `Vote "available" on ${lazyVotes.length} blob${plural(lazyVotes)} without looking`,
      hint: "Lazy: costs nothing you can see, lets withheld data slip through",
      actions: lazyVotes,
    },
    {
      key: "x",
      label: `Exit validator ${usable[0]?.index ?? ""}`,
      hint: "Leave the validator set: no more rewards or penalties for it",
      actions: usable.slice(0, 1).map((v) => ({ type: "exit", validator: v.index })),
    },
  ];
}

const plural = (items: readonly unknown[]) => (items.length === 1 ? "" : "s");

/**
 * The due attestations, each with a source older than its validator's last vote's while the target is
 * later: the new span surrounds the old one (docs/rules.md, slashing). Validators with no earlier justified source to
 * pick vote nothing.
 */
function surroundVotes(view: PlayerView): AttestAction[] {
  const lastVote = new Map<number, { source: number; target: number }>();
  for (const message of view.attestations) {
    const last = lastVote.get(message.validator);
    if (!last || message.target.epoch > last.target)
      lastVote.set(message.validator, { source: message.source.epoch, target: message.target.epoch });
  }
  return honestAttestations(view).flatMap((vote) => {
    const last = lastVote.get(vote.validator);
    if (!last || last.source < 1 || vote.target.epoch <= last.target) return [];
    const source = last.source - 1;
    return [{ ...vote, source: { epoch: source, root: view.checkpointRoots[source] } }];
  });
}

function sequencerChoices(view: PlayerView): Choice[] {
  const { config } = view;
  const optimistic = rollupOf(view, "optimistic");
  const forced = optimistic.pending.filter((tx) => tx.forced).length;
  const zkBatchTxs = nextBatchTxs(rollupOf(view, "zk")).length;
  const bond = `your ${coins(config.sequencerBond)} bond`;
  const blobFee = Math.min(...view.l2.shards.map((shard) => shard.fee)) / MILLI_PER_COIN;
  const data = `pays the data fee now (${coins(blobFee)} a blob or more)`;
  const proofCost = (txs: number) => coins(config.verificationCost + config.proverFee * txs);
  const list: Choice[] = [
    {
      key: "b",
      label: "Post an honest batch",
      hint: `Earns ${coins(config.l2Fee)} a transaction now, withdrawable once final after ${config.challengeWindow} slots; ${data}`,
      actions: planBatch(view, "optimistic"),
    },
    {
      key: "i",
      label: "Post a batch with a wrong state root",
      hint: `Takes ${coins(config.fraudValue)} from the rollup's users if unchallenged for ${config.challengeWindow} slots; a lost dispute costs ${bond} and every fee of the reverted batches`,
      actions: planBatch(view, "optimistic", (txs, rollup) => ({ trace: forgedTrace(txs, rollup) })),
    },
    {
      key: "w",
      label: "Post a wrong batch, withhold its data",
      hint: `Releases ${config.blobChunks - 1} of the ${config.blobChunks} chunks needed: nobody can re-execute it, samplers may notice`,
      actions: planBatch(view, "optimistic", (txs, rollup) => ({
        trace: forgedTrace(txs, rollup),
        release: config.blobChunks - 1,
      })),
    },
    {
      key: "c",
      label: `Post a batch leaving out ${forced} inbox transaction${forced === 1 ? "" : "s"}`,
      hint: `Censorship: past ${config.forcedInclusionDelay} slots a batch skipping them is invalid and costs ${bond} when disputed`,
      // Nothing to censor without inbox transactions, nothing to post when they are all there is.
      actions:
        forced === 0
          ? []
          : planBatch(view, "optimistic", (_, rollup) => ({
              txs: nextBatchTxs(rollup, { skipForced: true }),
            })).filter((batch) => batch.txs.length > 0),
    },
    {
      key: "z",
      label: "Post a ZK batch",
      hint: `Needs a validity proof within ${config.proofDeadline} slots (verifying it costs ${proofCost(zkBatchTxs)}); unproven by then: ${bond} burned`,
      actions: planBatch(view, "zk"),
    },
  ];
  // As the zk-forger plays it: a wrong-root ZK batch, and a proof for each own batch whose roots re-execution
  // calls wrong (a proof that can only be forged).
  const forged = [
    ...strategyActions(zkForger, view, "postBatch"),
    ...submitProofs(view, true).filter((proof) => {
      const batch = findBatchView(view, proof.batch)!;
      return trueTrace(batch)?.some((root, i) => root !== batch.trace[i]);
    }),
  ];
  list.push({
    key: "j",
    label: "Forge: a ZK batch with a wrong root, proofs before proving could finish",
    hint: `The verifier rejects a forged proof: you pay ${proofCost(zkBatchTxs)} a proof, lose ${bond} (half burned, half to the rollup's users), are ejected and the batch is reverted`,
    actions: forged,
  });
  const proofs = submitProofs(view);
  list.push({
    key: "s",
    label: `Submit proofs for ${proofs.length} ZK batch${proofs.length === 1 ? "" : "es"}`,
    hint: `Pays ${proofCost(zkBatchTxs)} each (verification and the prover's fee); unproven after ${config.proofDeadline} slots: ${bond} burned`,
    actions: proofs,
  });
  return [...defenceChoices(view), ...list];
}

/** A defender's answer comes first on the panel: its dispute clock runs. */
function defenceChoices(view: PlayerView): Choice[] {
  // One dispute at a time on the panel: the oldest one waiting for this seat's answer.
  const [defence] = defendDisputes(view);
  const dispute = defence && view.l2.disputes.find((d) => d.id === defence.dispute);
  const batch = dispute && findBatchView(view, dispute.batch);
  if (!dispute || !batch) return [];
  const mid = getBisectionMidpoint(dispute);
  const truth = trueTrace(batch);
  const trueRoot = truth && traceAt(batch.preRoot, truth, mid);
  const claimIsTrue = trueRoot === defence.root;
  const otherRoot = claimIsTrue || !trueRoot ? hashParts("a lie", defence.root) : trueRoot;
  const clock = `Your clock: ${dispute.clocks.defender} slot${dispute.clocks.defender === 1 ? "" : "s"}`;
  return [
    {
      key: "t",
      label: `Defend: name your batch's root after tx ${mid} (${claimIsTrue ? "true" : "false"} by re-execution)`,
      hint: `${clock}. Locks the next move's bond; whoever's root is wrong at the last step loses every bond`,
      actions: [defence],
    },
    {
      key: "u",
      label: `Defend: name another root after tx ${mid} (${claimIsTrue ? "a lie" : "the true one"})`,
      hint: `${clock}. Disowns your batch's claim at this step: the bisection follows the root you name`,
      actions: [{ type: "defend", dispute: dispute.id, root: otherRoot }],
    },
  ];
}

/** A challenger's moves come first on the panel: its dispute clock runs, a challenge can wait a slot. */
function challengerChoices(view: PlayerView): Choice[] {
  const { config } = view;
  const mine = view.l2.disputes.filter((d) => d.status === "open" && d.challenger === view.seat.id);
  const optimistic = rollupOf(view, "optimistic");
  const challengeable = optimistic.batches.filter(
    (batch) =>
      batch.status === "pending" &&
      batch.seat !== view.seat.id &&
      view.slot < batch.postedSlot + config.challengeWindow &&
      !mine.some((d) => d.batch === batch.id) &&
      !view.mempool.some(
        (op) => op.seat === view.seat.id && op.action.type === "challenge" && op.action.batch === batch.id,
      ),
  );
  const watching = view.l2.watching;
  // Censorship leaves an inbox transaction waiting past its deadline; only then is the honest routine asked
  // which batch it disputes (it re-executes every batch in the window).
  const overdue =
    getOverdueInbox(view.l2.inbox, optimistic.pending, view.slot, config.forcedInclusionDelay).length > 0;
  const flagged = new Set(
    overdue ? strategyActions(honestChallenger, view, "challenge").map((c) => c.batch) : [],
  );
  return [
    ...challengerMoves(view, mine),
    ...challengeable.slice(0, 3).map((batch, i) => ({
      key: String(i + 1),
      label: `Challenge the batch of slot ${batch.postedSlot}: ${batchVerdict(batch, flagged.has(batch.id))}`,
      hint: `${batch.seat}'s batch. Bond ${coins(config.challengeBond)}: win ${coins(config.sequencerBond / 2)} if its root is wrong, lose the bond if not`,
      actions: [{ type: "challenge" as const, batch: batch.id }],
    })),
    // The verifier's dilemma: watching costs every slot, and pays only when someone cheats.
    {
      key: "g",
      label: watching ? "Stop re-executing batches" : "Resume re-executing batches",
      hint: watching
        ? `Saves ${coins(config.watchCost)} a slot; without their data you cannot check a batch`
        : `Costs ${coins(config.watchCost)} a slot; you see batch data again and can check roots`,
      actions: [{ type: "watch", watching: !watching }],
    },
  ];
}

/** The next move in the oldest of this seat's disputes that waits for it (one dispute at a time on the panel). */
function challengerMoves(view: PlayerView, mine: Dispute[]): Choice[] {
  const dispute = mine.find(
    (d) => !pendingMove(view, d.id) && (d.hi - d.lo === 1 || d.turn === "challenger"),
  );
  if (!dispute) return [];
  const clock = `Your clock: ${dispute.clocks.challenger} slot${dispute.clocks.challenger === 1 ? "" : "s"}`;
  if (dispute.hi - dispute.lo === 1)
    return [
      {
        key: "q",
        label: `Prove step: L1 re-executes tx ${dispute.hi}`,
        hint: `${clock}. Ends the dispute: whoever's root is wrong loses every bond, the winner takes half`,
        actions: [{ type: "proveStep", dispute: dispute.id }],
      },
    ];
  const mid = getBisectionMidpoint(dispute);
  const batch = findBatchView(view, dispute.batch);
  const truth = batch && trueTrace(batch);
  const agreeIsTrue = truth ? traceAt(dispute.claims[-1], truth, mid) === dispute.claims[mid] : null;
  const verdict = (agree: boolean) =>
    agreeIsTrue === null ? "no data to check" : agree === agreeIsTrue ? "true by re-execution" : "false";
  return [
    {
      key: "y",
      label: `Agree with the root after tx ${mid} (${verdict(true)})`,
      hint: `${clock}. The fault lies later: the range becomes the upper half`,
      actions: [{ type: "bisect", dispute: dispute.id, agree: true }],
    },
    {
      key: "n",
      label: `Disagree with the root after tx ${mid} (${verdict(false)})`,
      hint: `${clock}. The fault lies earlier: the range becomes the lower half`,
      actions: [{ type: "bisect", dispute: dispute.id, agree: false }],
    },
  ];
}

/** Re-executed traces by batch id: a posted batch never changes, and the panel asks again every slot. */
const reexecuted = new Map<Hex, Hex[]>();
const REEXECUTED_KEPT = 64;

/** The batch's roots as re-executing its data gives them, or null when its data never reached this seat. */
function trueTrace(batch: BatchView): Hex[] | null {
  if (!batch.data) return null;
  let trace = reexecuted.get(batch.id);
  if (!trace) {
    trace = executeBatch(batch.data.preBalances, batch.data.preNonces, batch.data.txs).trace;
    if (reexecuted.size >= REEXECUTED_KEPT) reexecuted.delete(reexecuted.keys().next().value!);
    reexecuted.set(batch.id, trace);
  }
  return trace;
}

/** What re-executing a batch says about its claimed roots, in a few words. */
function batchVerdict(batch: BatchView, flagged: boolean): string {
  const truth = trueTrace(batch);
  if (!truth) return "no data to re-execute";
  const wrong = truth.findIndex((root, i) => root !== batch.trace[i]);
  if (wrong >= 0) return `re-executed, root wrong from tx ${wrong}`;
  // Right roots, yet the honest routine disputes it: it leaves out an inbox transaction past its deadline.
  return flagged ? "roots right, but it skips an overdue inbox transaction" : "re-executed, roots right";
}

function reportChoices(view: PlayerView): Choice[] {
  const reports = honestReports(view);
  const { config } = view;
  return [
    {
      key: "h",
      label: `Report ${reports.length} slashable offense${plural(reports)} seen (${reports.map((r) => r.offense).join(", ")})`,
      hint: `Earns the offender's stake / ${config.whistleblowerRewardQuotient} (${coins(config.stakePerValidator / config.whistleblowerRewardQuotient)} each)`,
      actions: reports,
    },
    {
      key: "f",
      label: `Force a transfer through the L1 inbox (${rollupOf(view, "optimistic").id})`,
      hint: `Must be in a batch within ${config.forcedInclusionDelay} slots, or the batch that skips it is invalid`,
      actions: [{ type: "forceInclude", rollup: rollupOf(view, "optimistic").id, from: 0, to: 1, amount: 1 }],
    },
  ];
}
