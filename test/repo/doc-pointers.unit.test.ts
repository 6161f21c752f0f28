// Comments and docs point inside the repository (docs/rules.md, docs/architecture.md …), never at the
// steering folder's books, which a reader of the repository does not have.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const OUTSIDE_POINTER = /(?<![A-Za-z_])(RULES|UI|STACK|NETWORK)(\.md\b|\s§)/;

/**
 * Files outside the engine's area that still carry such pointers, for their owners to fix (see the lead's
 * report). The list may only shrink: a file fixed must leave it, a new file may not join it.
 */
const NOT_YET_FIXED = [
  ".ci/run",
  "bots/api.ts",
  "bots/remote-bot.ts",
  "bots/sandbox.ts",
  "client/arena-view.ts",
  "client/dom.ts",
  "client/hud.ts",
  "client/panel.ts",
  "client/scenes/facilitator.ts",
  "client/scenes/replay.ts",
  "client/style.css",
  "runtime/match.ts",
  "runtime/native-hash.ts",
  "server/PROTOCOL.md",
  "server/room-engine.ts",
];

function outsidePointers(text: string): string[] {
  return text.split("\n").filter((line) => OUTSIDE_POINTER.test(line));
}

describe("pointers in the repository", () => {
  it("finds a pointer at the steering folder's books, and not a name that merely ends in RULES", () => {
    expect(outsidePointer("// as RULES §3 says")).toBe(true);
    expect(outsidePointer("see UI.md")).toBe(true);
    expect(outsidePointer("(STACK.md)")).toBe(true);
    expect(outsidePointer("ACTION_RULES[type]; docs/rules.md")).toBe(false);
  });

  it("has none outside docs/, but for the files listed as not yet fixed", () => {
    const files = execFileSync("git", ["ls-files"], { encoding: "utf8" })
      .split("\n")
      .filter(
        (file) => file !== "" && !file.startsWith("docs/") && file !== "test/repo/doc-pointers.unit.test.ts",
      );
    const offending = files.filter((file) => {
      const text = readFileSync(file, "utf8");
      return !text.includes("\u0000") && outsidePointers(text).length > 0;
    });
    expect(offending).toEqual(NOT_YET_FIXED);
  });
});

function outsidePointer(line: string): boolean {
  return outsidePointers(line).length > 0;
}
