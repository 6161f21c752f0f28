// HTTP on the game's port: the built client as static files and the results API.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import express, { type NextFunction, type Request, type Response } from "express";
import { mountClassroom } from "./classroom.ts";
import { mountJoinCodes } from "./join-codes.ts";
import { MAX_PAGE, type MatchStore } from "./store.ts";

export const CLIENT_DIR = join(import.meta.dirname, "../dist/client");

export function mountHttp(app: express.Application, store: MatchStore): void {
  app.disable("x-powered-by");
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
  // One live room by id, private ones included (its id is what lets a player in): a private lesson's brief.
  app.get("/api/rooms/:roomId", async (req, res) => {
    const [room] = await matchMaker.query({ name: "arena", roomId: req.params.roomId });
    if (room) res.json({ roomId: room.roomId, clients: room.clients, metadata: room.metadata ?? null });
    else res.status(404).json({ error: `no live room ${req.params.roomId.slice(0, 100)}` });
  });
  mountMatches(app, store);
  mountClassroom(app);
  mountJoinCodes(app);
  app.use("/api", (req, res) => {
    res.status(404).json({ error: `no API route ${req.method} ${req.path.slice(0, 100)}` });
  });
  mountClient(app);
  app.use(jsonErrors);
}

/** Express's default error page is HTML with a stack trace and absolute paths: a short JSON error instead. */
function jsonErrors(
  error: { status?: number; expose?: boolean; message?: string },
  _req: Request,
  res: Response,
  _next: NextFunction,
): void {
  const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
  if (status === 500) console.error("[http]", error);
  res.status(status).json({ error: status === 500 || !error.expose ? "the request failed" : error.message });
}

/** The stored matches, their replays and the leaderboard. */
function mountMatches(app: express.Application, store: MatchStore): void {
  // Newest first, a page at a time: `?limit=N` (at most MAX_PAGE) and `?before=ID` (the previous page's last).
  app.get("/api/matches", async (req, res) => {
    const limit = Number(req.query.limit ?? MAX_PAGE);
    const before = typeof req.query.before === "string" ? req.query.before : undefined;
    if (!Number.isInteger(limit) || limit < 1) {
      res.status(400).json({ error: `limit must be a whole number from 1 to ${MAX_PAGE}` });
      return;
    }
    const page = await store.list({ limit, before });
    const last = page.at(-1);
    if (last && page.length === Math.min(limit, MAX_PAGE))
      res.setHeader(
        "Link",
        `</api/matches?limit=${limit}&before=${encodeURIComponent(last.id)}>; rel="next"`,
      );
    res.json(page);
  });
  app.get("/api/matches/:id", async (req, res) => {
    const match = await store.get(req.params.id);
    if (match) res.json(match);
    else res.status(404).json({ error: `no match ${req.params.id}` });
  });
  app.get("/api/matches/:id/replay", async (req, res) => {
    const replay = await store.replay(req.params.id);
    if (replay) res.type("application/json").send(replay);
    else res.status(404).json({ error: `no match ${req.params.id}` });
  });
  app.get("/api/leaderboard", async (_req, res) => {
    res.json(await store.leaderboard());
  });
}

function mountClient(app: express.Application): void {
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
