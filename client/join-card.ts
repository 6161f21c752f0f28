// The room's join code for the projector (server/PROTOCOL.md, "Join codes"): the code in large type, the
// address that opens the lobby on it, and a QR code of that address for a phone or a laptop's camera.
import QRCode from "qrcode";
import { h } from "./dom.ts";

/** The address a student opens to join the room with this code: the lobby reads `?join=` (scenes/lobby.ts). */
export function joinUrl(code: string): string {
  return `${location.origin}${location.pathname}?join=${encodeURIComponent(code)}`;
}

/** The code a page was opened with (`?join=CODE`), or null. */
export function joinCodeInAddress(): string | null {
  return new URLSearchParams(location.search).get("join");
}

/** What a student typed in the lobby's join box: a join code (five characters) or a room id. */
export async function roomIdFor(typed: string): Promise<string> {
  const compact = typed.replace(/\s+/g, "");
  return compact.length === 5 ? resolveJoinCode(compact) : compact;
}

/** The room id a join code stands for, or an error with the server's reason (a code nobody holds, a typo). */
async function resolveJoinCode(code: string): Promise<string> {
  const response = await fetch(`api/join/${encodeURIComponent(code)}`);
  const body = (await response.json()) as { roomId?: string; error?: string };
  if (!body.roomId) throw new Error(body.error ?? `the join code ${code} did not resolve`);
  return body.roomId;
}

/** A card with the code in large type, the address, and the QR code of the address. */
export function joinCard(code: string): HTMLElement {
  const url = joinUrl(code);
  const qr = h("div", { class: "qr", role: "img", "aria-label": `QR code of ${url}` });
  void QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" }).then((svg) => {
    qr.innerHTML = svg;
  });
  return h(
    "div",
    { class: "join-card" },
    qr,
    h(
      "div",
      {},
      h("p", { class: "hint" }, "Join with the code"),
      h("p", { class: "join-code" }, code),
      h("p", { class: "hint join-url" }, url),
    ),
  );
}
