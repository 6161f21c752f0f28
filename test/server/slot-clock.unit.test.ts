// The room's slot timer (server/slot-clock.ts): one slot per tick, never two at once, and a slot longer than a
// tick delays the next one only until it is applied, not by a whole tick more.
import { describe, expect, it } from "vitest";
import { SlotClock } from "../../server/slot-clock.ts";

/** A clock driven by hand: `tick()` fires the interval; slots finish when the test resolves them. */
function handClock() {
  let fire = () => {};
  const finishers: (() => void)[] = [];
  let playing = 0;
  let most = 0;
  const clock = new SlotClock(
    (callback) => {
      fire = callback;
      return { clear: () => (fire = () => {}) };
    },
    {
      play: () =>
        new Promise((resolve) => {
          playing += 1;
          most = Math.max(most, playing);
          finishers.push(() => {
            playing -= 1;
            resolve(() => {});
          });
        }),
      onError: (error) => {
        throw error;
      },
    },
  );
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    clock,
    tick: () => fire(),
    async finish() {
      finishers.shift()?.();
      await settle();
    },
    started: () => clock.timings.startedAt.length,
    most: () => most,
  };
}

describe("the slot clock", () => {
  it("starts the slot a tick found busy as soon as the last one is applied, never two at once", async () => {
    const hand = handClock();
    hand.clock.start(200);
    hand.tick();
    expect(hand.started()).toBe(1);
    // Two ticks while the first slot plays: one slot is due, not two.
    hand.tick();
    hand.tick();
    expect(hand.started()).toBe(1);
    await hand.finish();
    expect(hand.started()).toBe(2);
    await hand.finish();
    // Nothing was due any more: the next slot waits for the next tick.
    expect(hand.started()).toBe(2);
    hand.tick();
    expect(hand.started()).toBe(3);
    expect(hand.most()).toBe(1);
    expect(hand.clock.timings.deferred).toBe(1);
  });

  it("starts no due slot once paused or stopped", async () => {
    const hand = handClock();
    hand.clock.start(200);
    hand.tick();
    hand.tick();
    hand.clock.stop();
    await hand.finish();
    expect(hand.started()).toBe(1);

    hand.clock.start(200);
    hand.tick();
    hand.tick();
    const paused = hand.clock.pause();
    await hand.finish();
    await paused;
    expect(hand.started()).toBe(1);
  });
});
