// Hex encoding of ids and roots: lowercase, the same as Node's, and strict about what it decodes.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../shared/hash.ts";

describe("hex", () => {
  it("encodes as Node does and decodes back to the same bytes", () => {
    for (const length of [0, 1, 17, 32, 64]) {
      const bytes = new Uint8Array(randomBytes(length));
      const hex = bytesToHex(bytes);
      expect(hex).toBe(Buffer.from(bytes).toString("hex"));
      expect(hexToBytes(hex)).toEqual(bytes);
    }
  });

  it("refuses what is not hex", () => {
    expect(() => hexToBytes("abc")).toThrow(/odd length/);
    expect(() => hexToBytes("zz")).toThrow(/not a hex string/);
  });
});
