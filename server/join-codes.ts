// Short join codes for a class (docs/workshop.md, "A live class"): five letters and digits a student types,
// or reads from the projector's QR code, instead of a room id. Each room draws one when it is created and
// publishes it in its listing's metadata; GET /api/join/:code resolves it to the room, private rooms included.
import { randomInt } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type express from "express";

/** No 0/O, 1/I/L: nothing a student can misread off a projector. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 5;
const JOIN_CODE = new RegExp(`^[${ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** A code as a student typed it: spaces and case do not matter. */
export function normalizeJoinCode(typed: string): string {
  return typed.replace(/\s+/g, "").toUpperCase();
}

async function roomWithCode(code: string): Promise<string | null> {
  const rooms = await matchMaker.query({ name: "arena" });
  return rooms.find((room) => room.metadata?.code === code)?.roomId ?? null;
}

/** A fresh code no live room holds (31^5 ≈ 29 million codes, so a draw rarely repeats). */
export async function drawJoinCode(): Promise<string> {
  for (;;) {
    const code = Array.from({ length: JOIN_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(
      "",
    );
    if ((await roomWithCode(code)) === null) return code;
  }
}

export function mountJoinCodes(app: express.Application): void {
  app.get("/api/join/:code", async (req, res) => {
    const code = normalizeJoinCode(req.params.code);
    if (!JOIN_CODE.test(code)) {
      res.status(400).json({ error: `a join code is ${JOIN_CODE_LENGTH} letters and digits, like K7QXM` });
      return;
    }
    const roomId = await roomWithCode(code);
    if (roomId) res.json({ roomId, code });
    else res.status(404).json({ error: `no room has the join code ${code}` });
  });
}
