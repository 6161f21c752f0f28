// The named rules, one by one, on small constructed states: no strategy and no whole match in between.
import { describe, expect, it } from "vitest";
import { ACTION_SCHEMAS } from "../../shared/action-schemas.ts";
import { ACTION_ROLES, ACTION_RULES, mayAct, parseAction } from "../../shared/actions.ts";
import type { StepContext } from "../../shared/context.ts";
import { getBisectionMidpoint, processClockExtension, processProveStep } from "../../shared/dispute.ts";
import { getOverdueInbox, processForcedInclusionDeadline } from "../../shared/forced-inclusion.ts";
import { executeBatch, inHonestOrder } from "../../shared/l2.ts";
import { coinsToMilli } from "../../shared/money.ts";
import { Rng } from "../../shared/random.ts";
import { calldataIsCheaper } from "../../shared/rollup.ts";
import {
  processBlobFees,
  processBlobVerdict,
  processFalseAvailabilityPenalties,
} from "../../shared/shards.ts";
import { isSlashableAttestationData } from "../../shared/slashing.ts";
import type { EngineState, L2Tx } from "../../shared/types.ts";
import { checkOwnValidator } from "../../shared/validators.ts";
import { addBatch, addBlob, addDispute, smallState, someId, validatorsOf } from "./fixtures.ts";

function contextOf(state: EngineState): StepContext {
  return { state, config: state.config, rng: new Rng(state), slot: state.slot, events: [], refusals: [] };
}

const tx = (id: number, sentSlot: number): L2Tx => ({
  id,
  from: 0,
  to: 1,
  amount: 1,
  fee: 0,
  nonce: 0,
  forced: true,
  sentSlot,
});

describe("action descriptors", () => {
  it("list every action once, under its own type, with its schema and roles", () => {
    for (const [type, rule] of Object.entries(ACTION_RULES)) {
      expect(rule.type).toBe(type);
      expect(rule.schema).toBe(ACTION_SCHEMAS[rule.type]);
      expect(ACTION_ROLES[rule.type]).toEqual(rule.roles);
      expect(mayAct("attacker", rule.type)).toBe(true);
    }
    expect(Object.keys(ACTION_RULES).sort()).toEqual(Object.keys(ACTION_SCHEMAS).sort());
  });

  it("parse names the bad field, and an inherited key is no type", () => {
    expect(parseAction({ type: "exit", validator: -1 })).toMatchObject({ ok: false, code: "malformed" });
    expect(parseAction({ type: "hasOwnProperty" })).toMatchObject({ ok: false, code: "unknown-action" });
    expect(parseAction({ type: "exit", validator: 3 })).toEqual({
      ok: true,
      action: { type: "exit", validator: 3 },
    });
  });
});

describe("Layer 1 rules", () => {
  it("checkOwnValidator: unknown, another seat's, own", () => {
    const state = smallState();
    const val = state.seats.find((s) => s.id === "val")!;
    expect(checkOwnValidator(state, val, 999)?.code).toBe("unknown-validator");
    expect(checkOwnValidator(state, val, validatorsOf(state, "background")[0])?.code).toBe("not-owner");
    expect(checkOwnValidator(state, val, validatorsOf(state, "val")[0])).toBeNull();
  });

  it("isSlashableAttestationData: a double vote and a surround vote, but not the same vote", () => {
    const vote = (source: number, target: number, head = someId("h")) => ({
      slot: target * 8,
      head,
      source: { epoch: source, root: someId(`s${source}`) },
      target: { epoch: target, root: someId(`t${target}`) },
    });
    expect(isSlashableAttestationData(vote(1, 2), vote(1, 2, someId("other")))).toBe("double-vote");
    expect(isSlashableAttestationData(vote(0, 4), vote(1, 3))).toBe("surround-vote");
    expect(isSlashableAttestationData(vote(1, 2), vote(1, 2))).toBeNull();
  });
});

describe("dispute rules", () => {
  it("getBisectionMidpoint halves the disputed range", () => {
    expect(getBisectionMidpoint({ lo: -1, hi: 3 })).toBe(1);
    expect(getBisectionMidpoint({ lo: 1, hi: 3 })).toBe(2);
    expect(getBisectionMidpoint({ lo: 2, hi: 3 })).toBe(2);
  });

  it("processClockExtension gives a late mover clockExtension back, and takes nothing from an early one", () => {
    const state = smallState();
    const dispute = addDispute(state, addBatch(state));
    dispute.clocks.defender = 1;
    dispute.clocks.challenger = state.config.clockExtension + 3;
    processClockExtension(contextOf(state), dispute, "defender");
    processClockExtension(contextOf(state), dispute, "challenger");
    expect(dispute.clocks).toEqual({
      defender: state.config.clockExtension,
      challenger: state.config.clockExtension + 3,
    });
  });

  it("processProveStep: a wrong claim after an agreed true root proves fraud, a true one does not", () => {
    for (const [claimIsTrue, winner] of [
      [false, "challenger"],
      [true, "defender"],
    ] as const) {
      const state = smallState();
      const batch = addBatch(state);
      const claim = claimIsTrue ? batch.correctTrace[1] : someId("lie");
      const dispute = addDispute(state, batch, {
        lo: 0,
        hi: 1,
        claims: { 0: batch.correctTrace[0], 1: claim },
      });
      processProveStep(contextOf(state), "chal", dispute.id);
      expect(dispute.status).toBe(`${winner}-won`);
      expect(batch.status).toBe(winner === "challenger" ? "reverted" : "pending");
    }
  });
});

describe("forced inclusion", () => {
  it("getOverdueInbox: only inbox transactions still pending and past the delay", () => {
    const inbox = [tx(1, 0), tx(2, 5), tx(3, 0)];
    const pending = [tx(1, 0), tx(2, 5)];
    expect(getOverdueInbox(inbox, pending, 6, 4).map((t) => t.id)).toEqual([1]);
  });

  it("processForcedInclusionDeadline: a batch that skips an overdue transaction is invalid", () => {
    for (const [included, valid] of [
      [[7], true],
      [[], false],
    ] as const) {
      const state = smallState();
      const rollup = state.l2.rollups[0];
      const overdue = tx(7, state.slot - state.config.forcedInclusionDelay);
      state.l2.inbox = [overdue];
      rollup.pending = [overdue];
      const batch = addBatch(state, { txs: included.map(() => overdue) });
      processForcedInclusionDeadline(contextOf(state), rollup, batch);
      expect({ valid: batch.valid, skips: batch.skipsOverdueInbox }).toEqual({ valid, skips: !valid });
    }
  });
});

describe("Layer 2 transactions and data", () => {
  const transfer = (id: number, from: number, nonce: number, forced = false): L2Tx => ({
    ...tx(id, 0),
    from,
    to: from + 1,
    nonce,
    forced,
  });

  it("an inbox transaction takes no L2 nonce: put first, it leaves its sender's later transfers valid", () => {
    // Sender 0 sends nonce 0, then one through the inbox (carrying its next nonce, 1), then nonce 1.
    const txs = [transfer(1, 0, 0), transfer(2, 2, 0), transfer(3, 0, 1, true), transfer(4, 0, 1)];
    const ordered = inHonestOrder(txs);
    expect(ordered.map((t) => t.id)).toEqual([3, 1, 2, 4]);
    const run = executeBatch([100, 100, 100, 100], [0, 0, 0, 0], ordered);
    expect(run.executed).toHaveLength(4);
    expect(run.nonces[0]).toBe(2);
  });

  it("calldataIsCheaper: blobs at the minimum fee, calldata once a blob costs more than the batch's calldata", () => {
    const state = smallState();
    const rollup = state.l2.rollups[0].id;
    expect(calldataIsCheaper(state, rollup, 10)).toBe(false);
    for (const shard of state.l2.shards) shard.fee = coinsToMilli(state.config.calldataCostPerTx) * 10 + 1;
    expect(calldataIsCheaper(state, rollup, 10)).toBe(true);
  });
});

describe("shard rules", () => {
  it("processBlobVerdict: available with two thirds of the committee's stake, and an event says so", () => {
    for (const [yes, available] of [
      [2, true],
      [1, false],
    ] as const) {
      const state = smallState();
      const committee = validatorsOf(state, "background").slice(0, 3);
      const blob = addBlob(state, committee, 2 * state.config.blobChunks);
      committee.slice(0, yes).forEach((v) => {
        blob.votes[v] = true;
      });
      const ctx = contextOf(state);
      processBlobVerdict(ctx, blob);
      expect(blob.verdict).toBe(available ? "available" : "unavailable");
      expect(ctx.events).toMatchObject([{ type: "blob-verdict", blob: blob.id, available }]);
    }
  });

  it("processFalseAvailabilityPenalties: only when enabled, only a withheld blob, only the yes votes", () => {
    const state = smallState();
    state.config = { ...state.config, penalizeFalseAvailability: true };
    const [liar, honest] = validatorsOf(state, "background");
    const blob = addBlob(state, [liar, honest], state.config.blobChunks - 1);
    blob.votes = { [liar]: true, [honest]: false };
    blob.verdict = "available";
    const stake = state.validators[liar].stake;
    processFalseAvailabilityPenalties(contextOf(state), blob);
    expect(state.validators[liar].stake).toBe(
      stake - Math.floor(stake / state.config.minSlashingPenaltyQuotient),
    );
    expect(state.validators[honest].stake).toBe(stake);
  });

  it("processBlobFees: the fee rises with blobs above target and the slot's count starts again", () => {
    const state = smallState();
    const shard = state.l2.shards[0];
    const fee = shard.fee;
    // One update fraction of excess multiplies the fee by about e.
    shard.excess = state.config.blobFeeUpdateFraction;
    shard.used = state.config.blobTarget + 2;
    processBlobFees(contextOf(state));
    expect(shard).toMatchObject({ excess: state.config.blobFeeUpdateFraction + 2, used: 0 });
    expect(shard.fee).toBeGreaterThan(2.7 * fee);
  });
});
