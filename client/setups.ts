// The ready room setups the server offers (GET /api/setups: lessons, scenarios, workshops), and the one a room
// was made from, so the arena can show its brief and, at the pause, its question.
import type { Setup } from "../shared/present/setup.ts";
import { h } from "./dom.ts";

export async function fetchSetups(): Promise<Setup[]> {
  return ((await (await fetch("api/setups")).json()) as { setups: Setup[] }).setups;
}

/** The setup a live room was created from (its metadata names it; private rooms too), or null. */
export async function setupOfRoom(roomId: string): Promise<Setup | null> {
  const response = await fetch(`api/rooms/${encodeURIComponent(roomId)}`);
  if (!response.ok) return null;
  const name = ((await response.json()) as { metadata: { setup?: string } | null }).metadata?.setup;
  if (!name) return null;
  return (await fetchSetups()).find((setup) => setup.name === name) ?? null;
}

/** The brief above the seat's panel; the question to discuss shows once the match pauses or ends. */
export class SetupBrief {
  readonly element = h("details", { class: "brief", open: true, hidden: true });
  private readonly question = h("p", { class: "question", hidden: true });

  show(setup: Setup): void {
    this.element.replaceChildren(h("summary", {}, setup.title), h("p", {}, setup.brief), this.question);
    this.question.textContent = `To discuss: ${setup.question}`;
    this.element.hidden = false;
  }

  update(phase: string): void {
    const pause = phase === "paused" || phase === "finished" || phase === "interrupted";
    this.question.hidden = !pause;
    if (pause) this.element.open = true;
  }
}
