import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");

async function trilemma(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npx trilemma sim / replay", () => {
  const dir = mkdtempSync(join(tmpdir(), "trilemma-cli-"));
  const replayFile = join(dir, "match.json");

  it("prints one JSON object with the match's results", async () => {
    const { code, stdout } = await trilemma(
      "sim",
      "--seed",
      "cli",
      "--slots",
      "48",
      "--seat",
      "validator=double-voter",
      "--seat",
      "validator=honest-validator",
      "--replay",
      replayFile,
      "--json",
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ seed: "cli", slots: 48 });
    expect(result.stateRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(result.l1.finalizedEpoch).toBe(4);
    expect(result.l1.slashedValidators).toHaveLength(4);
    const voter = result.seats.find((s: { strategy: string }) => s.strategy === "double-voter");
    expect(voter).toMatchObject({ id: "validator-1", role: "validator" });
    expect(voter.score).toBeLessThan(0);
    expect(voter.breakdown.slashing).toBeLessThan(0);
    expect(result.metrics.validatorsSlashed).toBe(4);
    expect(typeof result.refusals).toBe("object");
  });

  it("prints a readable summary without --json", async () => {
    const { code, stdout } = await trilemma("sim", "--seed", "cli", "--slots", "24");
    expect(code).toBe(0);
    expect(stdout).toMatch(/finalized epoch 1/);
    expect(stdout).toMatch(/honest-validator/);
  });

  it("verifies a replay, and names the first slot that diverges", async () => {
    const ok = await trilemma("replay", replayFile);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout.trim()).toBe("verified 48 slots and 1 snapshots");

    const replay = JSON.parse(readFileSync(replayFile, "utf8"));
    replay.slots[20].actions = {};
    const tampered = join(dir, "tampered.json");
    writeFileSync(tampered, JSON.stringify(replay));
    const bad = await trilemma("replay", tampered);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/diverges at slot 20/);

    replay.engineVersion = "0-old";
    writeFileSync(tampered, JSON.stringify(replay));
    const old = await trilemma("replay", tampered);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/engine version 0-old/);
  });

  it("refuses an edited snapshot and a truncated file, naming the problem", async () => {
    const replay = JSON.parse(readFileSync(replayFile, "utf8"));
    const edited = structuredClone(replay);
    edited.snapshots[0].state.validators[0].stake += 1_000_000;
    const editedFile = join(dir, "edited-snapshot.json");
    writeFileSync(editedFile, JSON.stringify(edited));
    const badSnapshot = await trilemma("replay", editedFile);
    expect(badSnapshot.code).not.toBe(0);
    expect(badSnapshot.stderr).toMatch(/snapshot of slot 31 is not the state the replay reaches there/);

    const truncated = { ...replay, slots: replay.slots.slice(0, 40) };
    const truncatedFile = join(dir, "truncated.json");
    writeFileSync(truncatedFile, JSON.stringify(truncated));
    const short = await trilemma("replay", truncatedFile);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/40 of 48 slots recorded/);

    const noSnapshot = join(dir, "no-snapshot.json");
    writeFileSync(noSnapshot, JSON.stringify({ ...replay, snapshots: [] }));
    const missing = await trilemma("replay", noSnapshot);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/snapshot of slot 31 missing/);

    const interrupted = join(dir, "interrupted.json");
    writeFileSync(interrupted, JSON.stringify({ ...truncated, interrupted: true }));
    const stopped = await trilemma("replay", interrupted);
    expect(stopped).toMatchObject({ code: 0 });
    expect(stopped.stdout).toMatch(/verified 40 slots \(interrupted at slot 40 of 48\)/);
  });

  it("sizes a seat with :validators=N, and refuses a strategy in the wrong role without a stack trace", async () => {
    const sized = join(dir, "sized.json");
    const { code } = await trilemma(
      "sim",
      "--seed",
      "size",
      "--slots",
      "32",
      "--seat",
      "attacker=stalling-cartel:validators=12",
      "--replay",
      sized,
    );
    expect(code).toBe(0);
    const replay = JSON.parse(readFileSync(sized, "utf8"));
    const held = replay.snapshots[0].state.validators.filter(
      (v: { seat: string }) => v.seat === "attacker-1",
    );
    expect(held).toHaveLength(12);

    const badSize = await trilemma(
      "sim",
      "--seed",
      "x",
      "--seat",
      "attacker=stalling-cartel:validators=lots",
    );
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/validators must be a whole number/);
    const wrongRole = await trilemma("sim", "--seed", "x", "--seat", "validator=fraudulent-sequencer");
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toMatch(/fraudulent-sequencer cannot play validator \(plays: sequencer/);
    expect(wrongRole.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects bad flags with a clear error on stderr and a non-zero exit", async () => {
    const unknownKey = await trilemma("sim", "--seed", "x", "--set", "nonsense=1");
    expect(unknownKey.code).not.toBe(0);
    expect(unknownKey.stderr).toMatch(/unknown key "nonsense"/);
    const badStrategy = await trilemma("sim", "--seed", "x", "--seat", "validator=nobody");
    expect(badStrategy.code).not.toBe(0);
    expect(badStrategy.stderr).toMatch(/unknown strategy "nobody"/);
    const badRole = await trilemma("sim", "--seed", "x", "--seat", "wizard=honest-validator");
    expect(badRole.stderr).toMatch(/unknown role "wizard"/);
    const missingFile = await trilemma("replay", join(dir, "none.json"));
    expect(missingFile.stderr).toMatch(/cannot read replay/);
  });

  it("keeps docs/config.md in sync with the parameters", async () => {
    const { configMarkdown } = await import("../../cli/commands/config.ts");
    const committed = readFileSync(join(import.meta.dirname, "../../docs/config.md"), "utf8");
    expect(committed).toBe(configMarkdown());
  });

  it("lists every config key with its default and range", async () => {
    const { code, stdout } = await trilemma("config");
    expect(code).toBe(0);
    expect(stdout).toMatch(/minSlashingPenaltyQuotient = 32/);
    expect(stdout).toMatch(/electra/);
  });
});
