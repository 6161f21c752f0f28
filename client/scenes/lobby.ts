// The lobby: your name and role, create a room (preset, private/password, lineup of bots) or join one from
// the live list; stored matches open in the replay viewer.
import Phaser from "phaser";
import { PRESETS, ROLES } from "../../shared/index.ts";
import type { Setup } from "../../shared/present/setup.ts";
import { h, layout, regions, roleCss } from "../dom.ts";
import { joinCodeInAddress, roomIdFor } from "../join-card.ts";
import { parseLineup } from "../lineup.ts";
import { Connection } from "../net.ts";
import { howToPlay } from "../panel.ts";
import { fetchSetups } from "../setups.ts";

const DEFAULT_LINEUP = [
  "validator honest-validator",
  "validator honest-validator",
  "validator double-voter",
  "sequencer honest-sequencer",
  "challenger honest-challenger",
  "attacker honest-validator",
].join("\n");

interface RoomListing {
  roomId: string;
  clients: number;
  metadata: { freeSeats?: Record<string, number> } | null;
}

/** A room's free seats by role (the room publishes them, server/arena-room.ts), for a student choosing one. */
function freeSeats(room: RoomListing): string {
  const seats = room.metadata?.freeSeats ?? {};
  const free = ROLES.map((role) => [role, seats[role] ?? 0] as const).filter(([, n]) => n > 0);
  return free.length ? `free: ${free.map(([role, n]) => `${n} ${role}`).join(", ")}` : "no free seat";
}
interface MatchListing {
  id: string;
  seed: string;
  slots: number;
  interrupted: boolean;
  finishedAt: string;
}

let pageJustLoaded = true;

export class LobbyScene extends Phaser.Scene {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super("lobby");
  }

  create(): void {
    layout("screen");
    // A reload during a match returns to the seat the tab held (the lobby shows meanwhile, then gives way);
    // only on the page's first lobby, as later ones come from a replay with the connection still open.
    if (pageJustLoaded) {
      pageJustLoaded = false;
      void Connection.resume().then((connection) => {
        if (connection && this.scene.isActive()) this.scene.start("arena", { connection });
      });
    }
    const status = h("p", { class: "refusal", role: "status", "aria-live": "polite" });
    // Opened from the projector's QR code or join address: the code waits in the join box.
    const invited = joinCodeInAddress();
    if (invited) {
      status.className = "sent";
      status.textContent = `Joining the class with code ${invited}: your name, a role, then Join.`;
    }
    const name = h("input", {
      id: "name",
      value: localStorage.getItem("trilemma-name") ?? "player",
      maxlength: 40,
    });
    const how = h("p", { class: "hint how" });
    let role = "challenger";
    const roleButtons = h("div", { class: "roles", role: "radiogroup", "aria-label": "role" });
    const pickRole = (next: string) => {
      role = next;
      how.textContent = howToPlay(next);
      for (const button of roleButtons.querySelectorAll("button"))
        button.setAttribute("aria-checked", String(button.dataset.role === next));
    };
    for (const r of [...ROLES, "watch"])
      roleButtons.append(
        h(
          "button",
          {
            role: "radio",
            "data-role": r,
            style: `border-color:${roleCss(r)}`,
            onclick: () => pickRole(r),
          },
          r,
        ),
      );
    pickRole(role);

    const autopilot = h("input", { id: "autopilot", type: "checkbox", checked: true });
    /** A player who takes the duties over from the start switches autopilot off before the first slot. */
    const seated = (connection: Connection) => {
      if (!autopilot.checked && connection.welcome.seat) connection.send("autopilot", { on: false });
      return connection;
    };
    const preset = h(
      "select",
      { id: "preset" },
      ...Object.keys(PRESETS).map((p) => h("option", { value: p }, p)),
    );
    const slots = h("input", { id: "slots", type: "number", min: 8, max: 4096, value: 256 });
    const isPrivate = h("input", { id: "private", type: "checkbox" });
    const password = h("input", { id: "password", type: "password", maxlength: 100 });
    const lineup = h("textarea", { id: "lineup", rows: 7, cols: 40, spellcheck: "false" }, DEFAULT_LINEUP);
    const busy = (text: string) => {
      status.className = "sent";
      status.textContent = text;
    };
    const fail = (error: unknown) => {
      status.className = "refusal";
      status.textContent = (error as Error).message ?? String(error);
    };
    /** A room from the form or from a ready setup: private (join by id or code) and a co-facilitators' password. */
    const privacy = () => ({
      ...(isPrivate.checked ? { private: true } : {}),
      ...(password.value ? { password: password.value } : {}),
    });
    const playerOptions = () => {
      localStorage.setItem("trilemma-name", name.value);
      return { name: name.value || "player", ...(role === "watch" ? {} : { role }) };
    };
    const create = async () => {
      busy("Creating the room…");
      try {
        const config = { slots: Number(slots.value) };
        const connection = seated(
          await Connection.create({
            ...playerOptions(),
            preset: preset.value,
            config,
            lineup: parseLineup(lineup.value),
            ...privacy(),
          }),
        );
        this.scene.start("arena", { connection });
      } catch (error) {
        fail(error);
      }
    };
    /** A room from a ready setup (a lesson, scenario or workshop file): its seats and rules, not the form's. */
    const createFrom = async (setup: Setup) => {
      busy(`Creating the room for ${setup.title}…`);
      try {
        const connection = seated(
          await Connection.create({ ...playerOptions(), ...setup.options, setup: setup.name, ...privacy() }),
        );
        this.scene.start("arena", { connection });
      } catch (error) {
        fail(error);
      }
    };
    const lessons = h("ul", { class: "list", id: "lessons" });
    const others = h("select", { id: "setup", "aria-label": "scenario or workshop" });
    const fromFile = h("button", { class: "small", id: "create-setup" }, "Create from file");
    void fetchSetups()
      .then((setups) => {
        lessons.replaceChildren(
          ...setups
            .filter((setup) => setup.kind === "lesson")
            .map((setup) =>
              h(
                "li",
                {},
                h(
                  "button",
                  { class: "small", "data-setup": setup.name, onclick: () => createFrom(setup) },
                  setup.title,
                ),
              ),
            ),
        );
        const rest = setups.filter((setup) => setup.kind !== "lesson");
        others.replaceChildren(
          ...rest.map((setup) => h("option", { value: setup.name }, `${setup.kind}: ${setup.title}`)),
        );
        fromFile.onclick = () => {
          const chosen = rest.find((setup) => setup.name === others.value);
          if (chosen) void createFrom(chosen);
        };
      })
      .catch(fail);
    const join = async (typed: string) => {
      busy(`Joining ${typed}…`);
      try {
        const connection = seated(
          await Connection.join(await roomIdFor(typed), {
            ...playerOptions(),
            ...(password.value ? { password: password.value } : {}),
          }),
        );
        this.scene.start("arena", { connection });
      } catch (error) {
        fail(error);
      }
    };
    const roomId = h("input", { id: "room-id", placeholder: "join code or room id", value: invited ?? "" });
    const rooms = h("ul", { class: "list", id: "rooms" });
    const matches = h("ul", { class: "list", id: "matches" });
    const file = h("input", { id: "replay-file", type: "file", accept: ".json,application/json" });
    file.addEventListener("change", async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      try {
        this.scene.start("replay", { replay: JSON.parse(await chosen.text()) });
      } catch (error) {
        fail(error);
      }
    });

    const refresh = async () => {
      try {
        const live = (await (await fetch("api/rooms")).json()) as RoomListing[];
        rooms.replaceChildren(
          ...(live.length === 0
            ? [h("li", { class: "hint" }, "No open rooms yet: create one.")]
            : live.map((room) =>
                h(
                  "li",
                  {},
                  h("button", { class: "small", onclick: () => join(room.roomId) }, `Join ${room.roomId}`),
                  ` ${room.clients} connected · `,
                  h("span", { class: "free-seats" }, freeSeats(room)),
                ),
              )),
        );
        const stored = (await (await fetch("api/matches?limit=8")).json()) as MatchListing[];
        matches.replaceChildren(
          ...stored
            .slice(0, 8)
            .map((match) =>
              h(
                "li",
                {},
                h(
                  "button",
                  { class: "small", onclick: () => this.scene.start("replay", { matchId: match.id }) },
                  `Replay ${match.id}`,
                ),
                ` ${match.slots} slots${match.interrupted ? " (interrupted)" : ""}`,
              ),
            ),
        );
      } catch {
        rooms.replaceChildren(h("li", { class: "hint" }, "The server is not answering."));
      }
    };
    void refresh();
    this.timer = setInterval(refresh, 2000);
    this.events.once("shutdown", () => {
      if (this.timer) clearInterval(this.timer);
    });

    regions
      .screen()
      .append(
        h("h1", {}, "Trilemma"),
        h("p", { class: "lead" }, "Layer 1 is the court, Layer 2 the workshop, shards the warehouse."),
        h(
          "div",
          { class: "columns" },
          h(
            "section",
            {},
            h("h2", {}, "You"),
            h("label", {}, "Name ", name),
            h("p", {}, "Role"),
            roleButtons,
            how,
            h("label", {}, autopilot, " Start on autopilot (the honest routine plays your duties)"),
            status,
          ),
          h(
            "section",
            {},
            h("h2", {}, "Create a room"),
            h("label", {}, "Preset ", preset),
            h("label", {}, "Slots ", slots),
            h("label", {}, isPrivate, " private (join by code or id; for lessons too)"),
            h("label", {}, "Password for co-facilitators ", password),
            h("label", { for: "lineup" }, "Lineup: one seat per line, role and bot strategy"),
            lineup,
            h("button", { id: "create", onclick: create }, "Create and play"),
            h("h2", {}, "Lessons"),
            lessons,
            h("label", {}, others, " ", fromFile),
          ),
          h(
            "section",
            {},
            h("h2", {}, "Join a room"),
            rooms,
            h(
              "label",
              {},
              roomId,
              " ",
              h("button", { class: "small", id: "join-typed", onclick: () => join(roomId.value) }, "Join"),
            ),
            h("h2", {}, "Replays"),
            matches,
            h("label", {}, "Open a replay file ", file),
            h(
              "button",
              { id: "leaderboard", class: "small", onclick: () => this.scene.start("leaderboard") },
              "Class leaderboard",
            ),
          ),
        ),
      );
    name.focus();
  }
}
