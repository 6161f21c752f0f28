// HTTP on the game's port: the built client as static files and the results API.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import express from "express";
import { mountClassroom } from "./classroom.ts";
import type { MatchStore } from "./store.ts";

export const CLIENT_DIR = join(import.meta.dirname, "../dist/client");

export function mountHttp(app: express.Application, store: MatchStore): void {
  app.get("/api/rooms", async (_req, res) => {
    const rooms = await matchMaker.query({ name: "arena", private: false });
    res.json(
      rooms.map((room) => ({
        roomId: room.roomId,
        clients: room.clients,
        locked: room.locked,
        metadata: room.metadata ?? null,
      })),
    );
  });
  app.get("/api/matches", (_req, res) => {
    res.json(store.list());
  });
  app.get("/api/matches/:id", (req, res) => {
    const match = store.get(req.params.id);
    if (match) res.json(match);
    else res.status(404).json({ error: `no match ${req.params.id}` });
  });
  app.get("/api/matches/:id/replay", (req, res) => {
    const replay = store.replay(req.params.id);
    if (replay) res.type("application/json").send(replay);
    else res.status(404).json({ error: `no match ${req.params.id}` });
  });
  app.get("/api/leaderboard", (_req, res) => {
    res.json(store.leaderboard());
  });
  mountClassroom(app);
  app.use("/api", (req, res) => {
    res.status(404).json({ error: `no API route ${req.method} ${req.path}` });
  });
  if (existsSync(join(CLIENT_DIR, "index.html"))) {
    app.use(express.static(CLIENT_DIR));
  } else {
    app.get("/", (_req, res) => {
      res
        .type("html")
        .send(
          "<!doctype html><title>Trilemma</title><p>The client is not built yet: run <code>npm run build</code>.</p>",
        );
    });
  }
}
