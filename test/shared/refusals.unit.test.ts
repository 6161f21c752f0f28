// Every refusal code the engine gives, each with an input that produces it: the refused action changes nothing.
import { describe, expect, it } from "vitest";
import { getBeaconProposerIndex } from "../../shared/duties.ts";
import {
  ENGINE_REFUSAL_CODES,
  type EngineRefusalCode,
  type EngineState,
  getPlayerView,
  SERVER_REFUSAL_CODES,
  type SlotActions,
  step,
} from "../../shared/index.ts";
import { addBatch, addDispute, smallState, someId, validatorsOf } from "./fixtures.ts";

interface Case {
  code: EngineRefusalCode;
  name: string;
  /** Puts what the case needs into the state (constructed, as the consensus-spec tests do). */
  setup?: (state: EngineState) => void;
  actions: (state: EngineState) => SlotActions;
  /** The actions include an accepted first copy, so the state moves by that one. */
  acceptedFirst?: SlotActions;
}

const own = (state: EngineState) => validatorsOf(state, "val")[0];
const foreign = (state: EngineState) => validatorsOf(state, "background")[0];
const honestVote = (state: EngineState) => {
  const data = getPlayerView(state, "val").attestationData!;
  return { type: "attest", ...data };
};
/** Two conflicting votes of one validator, already gossiped. */
function doubleVote(state: EngineState, validator: number): [string, string] {
  const data = {
    slot: 0,
    source: { epoch: 0, root: state.genesisRoot },
    target: { epoch: 0, root: someId("t") },
  };
  const a = someId("vote-a");
  const b = someId("vote-b");
  state.attestations[a] = { id: a, validator, ...data, head: someId("head-a") };
  state.attestations[b] = { id: b, validator, ...data, head: someId("head-b") };
  return [a, b];
}

const CASES: Case[] = [
  {
    code: "malformed",
    name: "a field of the wrong type",
    actions: () => ({ val: [{ type: "exit", validator: "7" }] }),
  },
  {
    code: "unknown-action",
    name: "a type that is only an inherited key",
    actions: () => ({ val: [{ type: "constructor" }, { type: "toString" }, { type: "__proto__" }] }),
  },
  {
    code: "wrong-role",
    name: "a sequencer exiting",
    actions: (s) => ({ seq: [{ type: "exit", validator: own(s) }] }),
  },
  {
    code: "not-owner",
    name: "another seat's validator",
    actions: (s) => ({ val: [{ type: "exit", validator: foreign(s) }] }),
  },
  {
    code: "unknown-validator",
    name: "no such validator",
    actions: () => ({ val: [{ type: "exit", validator: 9999 }] }),
  },
  {
    code: "unknown-block",
    name: "equivocation evidence naming no block",
    actions: () => ({
      val: [
        { type: "reportSlashing", offense: "proposer-equivocation", evidence: [someId("a"), someId("b")] },
      ],
    }),
  },
  {
    code: "unknown-message",
    name: "vote evidence naming no attestation",
    actions: () => ({
      val: [{ type: "reportSlashing", offense: "double-vote", evidence: [someId("a"), someId("b")] }],
    }),
  },
  {
    code: "inactive-validator",
    name: "an exit for a validator already exiting",
    setup: (s) => {
      s.validators[own(s)].exitEpoch = 5;
    },
    actions: (s) => ({ val: [{ type: "exit", validator: own(s) }] }),
  },
  {
    code: "not-proposer",
    name: "a proposal by a validator whose slot it is not",
    actions: (s) => {
      const proposer = getBeaconProposerIndex(s, s.slot);
      const other = validatorsOf(s, "val").find((v) => v !== proposer)!;
      return { val: [{ type: "propose", validator: other }] };
    },
  },
  {
    code: "not-assigned",
    name: "a vote outside the validator's committee",
    actions: (s) => {
      const vote = honestVote(s);
      const outsider = validatorsOf(s, "val").find(
        (v) => !getPlayerView(s, "val").duties.attest.includes(v),
      )!;
      return { val: [{ ...vote, validator: outsider }] };
    },
  },
  {
    code: "wrong-slot",
    name: "a vote for the slot not yet played",
    actions: (s) => ({ val: [{ ...honestVote(s), slot: s.slot, validator: own(s) }] }),
  },
  {
    code: "offline",
    name: "a vote from a validator whose node's region is in an outage",
    setup: (s) => {
      const region = s.network!.region[s.network!.validatorNode[own(s)]];
      s.config = { ...s.config, outageRegion: region, outageStartSlot: 0, outageSlots: 8 };
    },
    actions: (s) => ({ val: [{ ...honestVote(s), validator: own(s) }] }),
  },
  {
    code: "duplicate",
    name: "the same exit twice in one slot",
    actions: (s) => ({
      val: [
        { type: "exit", validator: own(s) },
        { type: "exit", validator: own(s) },
      ],
    }),
    acceptedFirst: {},
  },
  {
    code: "not-slashable",
    name: "evidence naming one message twice",
    actions: () => ({
      val: [{ type: "reportSlashing", offense: "double-vote", evidence: [someId("a"), someId("a")] }],
    }),
  },
  {
    code: "already-slashed",
    name: "a report against a slashed validator",
    setup: (s) => {
      s.validators[foreign(s)].slashed = true;
    },
    actions: (s) => ({
      val: [{ type: "reportSlashing", offense: "double-vote", evidence: doubleVote(s, foreign(s)) }],
    }),
  },
  {
    code: "unknown-seat",
    name: "a seat not in the match",
    actions: () => ({ nobody: [{ type: "exit", validator: 0 }] }),
  },
  {
    code: "unknown-rollup",
    name: "a forced transfer to no rollup",
    actions: () => ({ val: [{ type: "forceInclude", rollup: "nope", from: 0, to: 1, amount: 1 }] }),
  },
  {
    code: "unknown-batch",
    name: "a challenge of no batch",
    actions: () => ({ chal: [{ type: "challenge", batch: someId("x") }] }),
  },
  {
    code: "unknown-dispute",
    name: "a bisection in no dispute",
    actions: () => ({ chal: [{ type: "bisect", dispute: someId("x"), agree: true }] }),
  },
  {
    code: "not-your-turn",
    name: "a defence while the challenger is to move",
    setup: (s) => {
      addDispute(s, addBatch(s), { turn: "challenger" });
    },
    actions: (s) => ({ seq: [{ type: "defend", dispute: s.l2.disputes[0].id, root: someId("r") }] }),
  },
  {
    code: "too-late",
    name: "a challenge of a final batch",
    setup: (s) => {
      addBatch(s, { status: "final" });
    },
    actions: (s) => ({ chal: [{ type: "challenge", batch: s.l2.rollups[0].batches[0].id }] }),
  },
  {
    code: "too-early",
    name: "a one-step proof while the range spans four steps",
    setup: (s) => {
      addDispute(s, addBatch(s), { turn: "challenger" });
    },
    actions: (s) => ({ chal: [{ type: "proveStep", dispute: s.l2.disputes[0].id }] }),
  },
  {
    code: "insufficient-funds",
    name: "a challenge its seat cannot bond",
    setup: (s) => {
      addBatch(s);
      s.seats.find((seat) => seat.id === "chal")!.balance = 0;
    },
    actions: (s) => ({ chal: [{ type: "challenge", batch: s.l2.rollups[0].batches[0].id }] }),
  },
  {
    code: "ejected",
    name: "a batch from an ejected sequencer",
    setup: (s) => {
      s.l2.rollups[0].ejected.push("seq");
    },
    actions: (s) => ({
      seq: [{ type: "postBatch", rollup: s.l2.rollups[0].id, txs: [s.l2.rollups[0].pending[0].id] }],
    }),
  },
];

function caseState(c: Case): EngineState {
  const state = smallState();
  c.setup?.(state);
  return state;
}

describe("refusal codes", () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}, with a reason, changing nothing`, () => {
      const state = caseState(c);
      const result = step(state, c.actions(state));
      const refusal = result.refusals.find((r) => r.code === c.code);
      expect(refusal, JSON.stringify(result.refusals)).toBeDefined();
      expect(refusal!.reason.length).toBeGreaterThan(5);
      if (!c.acceptedFirst) expect(result.stateRoot).toBe(step(caseState(c), {}).stateRoot);
    });
  }

  it("covers every code the engine gives, and keeps the room's own codes apart", () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(ENGINE_REFUSAL_CODES));
    for (const code of SERVER_REFUSAL_CODES) expect(ENGINE_REFUSAL_CODES).not.toContain(code);
  });

  it("refuses an inherited key as a type instead of crashing", () => {
    const state = smallState();
    const result = step(state, { val: [{ type: "constructor" }] });
    expect(result.refusals.map((r) => r.code)).toEqual(["unknown-action"]);
  });
});
