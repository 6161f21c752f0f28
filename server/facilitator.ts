// Who may run the room (server/PROTOCOL.md, "Facilitator"): the creator, proven by a key the server puts into
// its create request (never by being first to join), and whoever joins with the room's password.
import { randomBytes } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import { setupOptions } from "./classroom.ts";
import type { LiveRounds } from "./live-rounds.ts";
import type { FacilitatorCommand, Refusal } from "./messages.ts";

/** The option that carries the key from the create request to the creator's own join. */
export const FACILITATOR_KEY = "facilitatorKey";

const CREATING_METHODS = new Set(["create", "joinOrCreate"]);

/**
 * Every matchmaking request over HTTP goes through the controller: a create gets a fresh random key in its
 * options (the room keeps it, and the same options are the creator's join options); any key a client sent
 * itself is dropped. So a client that polls the room list and joins first gets no rights.
 */
export function issueFacilitatorKeys(): void {
  const controller = matchMaker.controller;
  const invoke = controller.invokeMethod.bind(controller);
  controller.invokeMethod = (method, roomName, clientOptions = {}, authOptions) => {
    const options = typeof clientOptions === "object" && clientOptions !== null ? { ...clientOptions } : {};
    delete (options as Record<string, unknown>)[FACILITATOR_KEY];
    if (CREATING_METHODS.has(method))
      (options as Record<string, unknown>)[FACILITATOR_KEY] = randomBytes(16).toString("hex");
    return invoke(method, roomName, options, authOptions);
  };
}

export class Facilitators {
  private readonly sessions = new Set<string>();
  private readonly key: string | undefined;
  private readonly password: string | undefined;

  constructor(key: string | undefined, password: string | undefined) {
    this.key = key;
    this.password = password;
  }

  /** Admits a joining session if it proves the right: the creator's key, or the password. */
  admit(session: string, proof: { facilitatorKey?: string; password?: string }): void {
    const creator = this.key !== undefined && proof.facilitatorKey === this.key;
    const password = this.password !== undefined && proof.password === this.password;
    if (creator || password) this.sessions.add(session);
  }

  has(session: string): boolean {
    return this.sessions.has(session);
  }

  /** A session that left for good (a reconnection keeps its session, and its rights). */
  forget(session: string): void {
    this.sessions.delete(session);
  }
}

/** What a facilitator's command acts on: the room's rounds, its players, the synced phase, and the sender. */
export interface Desk {
  rounds: LiveRounds;
  showPhase(phase: "paused" | "running"): void;
  /** Disconnects the player in the seat; false if there is none. */
  kick(seat: string): boolean;
  reply(type: "params", message: unknown): void;
  refuse(type: string, refusal: Refusal): void;
}

export function runCommand(command: FacilitatorCommand, desk: Desk): void {
  const { rounds } = desk;
  switch (command.type) {
    case "pause":
      if (rounds.finished) return;
      // "paused" is shown only once nothing moves any more: after the slot in flight, if any.
      void rounds.slots.pause().then(() => {
        if (!rounds.finished) desk.showPhase("paused");
      });
      return;
    case "resume":
      rounds.slots.resume();
      if (!rounds.finished) desk.showPhase("running");
      return;
    case "setParams":
      try {
        desk.reply("params", { nextRound: rounds.setParams(command.config) });
      } catch (error) {
        desk.refuse("setParams", { code: "malformed", reason: (error as Error).message });
      }
      return;
    case "restart": {
      const next = command.setup === undefined ? null : setupOptions(command.setup);
      if (command.setup !== undefined && !next)
        desk.refuse("restart", { code: "malformed", reason: `restart: no ready setup ${command.setup}` });
      else rounds.restart(command.seed, next);
      return;
    }
    case "kick":
      if (!desk.kick(command.seat))
        desk.refuse("kick", { code: "unknown-seat", reason: "no player in that seat" });
  }
}
