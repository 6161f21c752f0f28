// A live round's sampling secret (docs/rules.md, sampling): not derivable from the room's seed, which a creator
// may choose, yet the same for two rooms of one seed on this server, and recorded in the replay.
import { describe, expect, it } from "vitest";
import { RoomEngine } from "../../server/room-engine.ts";
import { planRound, samplingSecret } from "../../server/round-plan.ts";
import { createMatch, hashParts, resolveConfig } from "../../shared/index.ts";

describe("a live round's sampling secret", () => {
  it("does not follow from the seed, and two rounds of one seed share it", () => {
    const { round } = planRound({}, {}, "chosen-seed");
    expect(round.secret).toBe(samplingSecret("chosen-seed"));
    expect(round.secret).not.toBe(hashParts("secret", "chosen-seed"));
    expect(planRound({}, {}, "chosen-seed").round.secret).toBe(round.secret);
    expect(planRound({}, {}, "other-seed").round.secret).not.toBe(round.secret);
  });

  it("is the engine's secret and is revealed by the replay", async () => {
    const { round } = planRound({}, {}, "replayed-seed");
    const room = await RoomEngine.start(round);
    const { replay: parts } = room.finish();
    await room.close();
    const replay = JSON.parse(parts.header);
    expect(replay.secret).toBe(round.secret);
    const byHand = createMatch({
      config: resolveConfig("phase0"),
      seed: "replayed-seed",
      seats: round.lineup,
    });
    expect(byHand.secret).not.toBe(round.secret);
  });
});
