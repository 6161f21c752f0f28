// A client of the arena room as the room sees it: its seat, and whether it takes its seat's PlayerView each
// slot (remote bots and browser players play from the same view as in-process bots, sent to them alone).
import type { Client } from "@colyseus/core";
import type { SlotOutcome, SlotRequest } from "./room-engine.ts";

/** `wantsView`: sent its seat's PlayerView every slot as a delta; `freshView`: the next one whole. */
export type ClientData = { seat: string | null; wantsView: boolean; freshView: boolean };
export type ArenaClient = Client<{ userData: ClientData }>;

/** The seats whose clients want a view this slot, and those that need it whole (they just (re)joined). */
export function viewRequest(clients: Iterable<ArenaClient>): Pick<SlotRequest, "viewSeats" | "freshViews"> {
  const viewSeats: string[] = [];
  const freshViews: string[] = [];
  for (const { userData } of clients) {
    if (!userData?.wantsView || !userData.seat) continue;
    viewSeats.push(userData.seat);
    if (userData.freshView) freshViews.push(userData.seat);
    userData.freshView = false;
  }
  return { viewSeats, freshViews };
}

export function sendViews(clients: Iterable<ArenaClient>, views: SlotOutcome["views"]): void {
  for (const client of clients) {
    const view = client.userData?.wantsView ? views[client.userData.seat ?? ""] : undefined;
    if (view) client.send("view", view);
  }
}
