// In front of every HTTP request (matchmaking included, which Colyseus answers before express sees it):
// standard security headers, same-origin matchmaking unless the operator allows an origin, and room creation and
// join-code lookups limited per address (server/PROTOCOL.md, "Limits").
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { matchMaker } from "@colyseus/core";

export interface GateOptions {
  /** Origins (scheme://host:port) whose pages may call matchmaking besides the server's own. */
  allowOrigins?: readonly string[];
  /** Rooms one address may create a minute. */
  createsPerMinute?: number;
}

export const DEFAULT_CREATES_PER_MINUTE = 20;
/** Join-code lookups one address may make a minute: a class typing codes needs a few; guessing private rooms' codes
 * (31^5 of them) needs millions. */
export const JOIN_LOOKUPS_PER_MINUTE = 60;
/** Addresses a limit remembers at once; beyond them, requests from new addresses wait. */
const MAX_TRACKED_ADDRESSES = 10_000;
const MINUTE_MS = 60_000;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "SAMEORIGIN",
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Puts `gate` before the server's own request listeners: Colyseus' router and express. */
export function gateRequests(server: Server, options: GateOptions): void {
  restrictCors(options.allowOrigins ?? []);
  const limits = {
    creations: new PerMinuteLimit(options.createsPerMinute ?? DEFAULT_CREATES_PER_MINUTE),
    lookups: new PerMinuteLimit(JOIN_LOOKUPS_PER_MINUTE),
  };
  const listeners = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const refusal = refuse(req, options.allowOrigins ?? [], limits);
    if (refusal) {
      res.writeHead(refusal.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: refusal.error }));
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}

function refuse(
  req: IncomingMessage,
  allowOrigins: readonly string[],
  limits: { creations: PerMinuteLimit; lookups: PerMinuteLimit },
): { status: number; error: string } | null {
  const path = (req.url ?? "/").split("?")[0];
  const address = req.socket.remoteAddress ?? "unknown";
  if (path.startsWith("/api/join/") && !limits.lookups.admit(address))
    return { status: 429, error: "too many join-code lookups from this address: wait a minute" };
  if (!path.startsWith("/matchmake/")) return null;
  if (!sameOrAllowedOrigin(req.headers.origin, req.headers.host, allowOrigins))
    return { status: 403, error: "matchmaking is open to this server's own pages only" };
  const creating = req.method === "POST" && /^\/matchmake\/(create|joinOrCreate)\//.test(path);
  if (creating && !limits.creations.admit(address))
    return { status: 429, error: "too many rooms created from this address: wait a minute" };
  return null;
}

/** No Origin (not a browser, or a same-origin GET), the server's own, or one the operator allowed. */
export function sameOrAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Colyseus answers any Origin by default: only the server's own and allowed origins get CORS headers. */
function restrictCors(allowOrigins: readonly string[]): void {
  const controller = matchMaker.controller;
  const {
    "Access-Control-Allow-Origin": _any,
    "Access-Control-Allow-Credentials": _credentials,
    ...rest
  } = controller.DEFAULT_CORS_HEADERS as Record<string, string>;
  (controller as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = rest;
  controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get("origin") ?? undefined;
    if (origin === undefined || !sameOrAllowedOrigin(origin, headers.get("host") ?? undefined, allowOrigins))
      return {};
    return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
  };
}

/** At most `perMinute` requests per address in any minute. */
class PerMinuteLimit {
  private readonly recent = new Map<string, number[]>();
  private readonly perMinute: number;

  constructor(perMinute: number) {
    this.perMinute = perMinute;
  }

  admit(address: string): boolean {
    const now = Date.now();
    const times = (this.recent.get(address) ?? []).filter((t) => now - t < MINUTE_MS);
    if (times.length === 0) this.recent.delete(address);
    if (times.length >= this.perMinute) return false;
    if (!this.recent.has(address) && this.recent.size >= MAX_TRACKED_ADDRESSES) this.forgetIdle(now);
    if (!this.recent.has(address) && this.recent.size >= MAX_TRACKED_ADDRESSES) return false;
    times.push(now);
    this.recent.set(address, times);
    return true;
  }

  private forgetIdle(now: number): void {
    for (const [address, times] of this.recent)
      if (times.every((t) => now - t >= MINUTE_MS)) this.recent.delete(address);
  }
}
