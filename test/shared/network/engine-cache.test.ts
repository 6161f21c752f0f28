// The network's per-slot shortcuts give what the plain computation gives: the node table's derived model
// objects across copies of the state, and the late-node lookup behind the head a vote can name.
import { describe, expect, it } from "vitest";
import { honestAttestations, honestProposals } from "../../../bots/strategies/validator-routine.ts";
import {
  advance,
  computeStateRoot,
  createMatch,
  type EngineState,
  getPlayerView,
  resolveConfig,
  step,
} from "../../../shared/index.ts";
import { headSeenBy } from "../../../shared/network-state.ts";
import { Rng, seedRng } from "../../../shared/random.ts";

function honestActions(state: EngineState): Record<string, unknown[]> {
  const actions: Record<string, unknown[]> = {};
  for (const seat of state.seats) {
    const view = getPlayerView(state, seat.id);
    actions[seat.id] = [...honestProposals(view), ...honestAttestations(view)];
  }
  return actions;
}

describe("the node table's derived model objects", () => {
  it("give a state advanced in place the roots of copies advanced slot by slot, across epochs' decisions", () => {
    // Heavy blocks make nodes fall behind, upgrade and leave at the epoch ends: the node table changes.
    const config = resolveConfig("phase0", { slots: 48, validators: 32, blockGas: 60_000_000 });
    const inPlace = createMatch({ config, seed: "cache", seats: [] });
    let copied = structuredClone(inPlace);
    const changed = new Set<string>();
    while (inPlace.slot < config.slots) {
      const actions = honestActions(inPlace);
      const root = advance(inPlace, structuredClone(actions)).stateRoot;
      copied = step(copied, actions).state;
      expect(computeStateRoot(copied)).toBe(root);
      changed.add(inPlace.network!.active.join(""));
    }
    expect(changed.size).toBeGreaterThan(1);
  });
});

describe("headSeenBy", () => {
  /** The lookup before it became a binary search. */
  function headSeenByScan(state: EngineState, validator: number, slot: number, head: string): string {
    const net = state.network!;
    const reach = net.reach.find((r) => r.slot === slot && r.block === head);
    if (!reach) return head;
    const node = net.validatorNode[validator];
    const had = reach.exclusive ? node === reach.publisherNode : !reach.lateNodes.includes(node);
    return had ? head : state.blocks[head].parent;
  }

  it("names for every validator the head the scan over the late nodes names, on random reaches", () => {
    const rng = new Rng({ rng: seedRng("head-seen-by") });
    const nodes = 300;
    for (let trial = 0; trial < 50; trial++) {
      const lateShare = trial / 50;
      const lateNodes = Array.from({ length: nodes }, (_, id) => id).filter(() => rng.next() < lateShare);
      const state = {
        network: {
          validatorNode: Array.from({ length: 64 }, () => rng.int(nodes)),
          reach: [
            { slot: 5, block: "0xb", publisherNode: rng.int(nodes), exclusive: trial % 5 === 0, lateNodes },
          ],
        },
        blocks: { "0xb": { parent: "0xa" } },
      } as unknown as EngineState;
      for (let validator = 0; validator < 64; validator++)
        for (const [slot, head] of [
          [5, "0xb"],
          [4, "0xb"],
        ] as const)
          expect(headSeenBy(state, validator, slot, head)).toBe(headSeenByScan(state, validator, slot, head));
    }
  });
});
