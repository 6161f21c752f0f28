// A few DOM helpers: the panels, forms and buttons are HTML (readable, focusable, keyboard-usable);
// Phaser draws the lanes.
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The page's regions (client/index.html). */
export const regions = {
  top: () => document.getElementById("top")!,
  left: () => document.getElementById("left")!,
  stage: () => document.getElementById("stage")!,
  screen: () => document.getElementById("screen")!,
};

/** Empties every region and sets the layout: `arena` shows the lanes, `screen` a full-page form or table. */
export function layout(mode: "arena" | "screen"): void {
  document.getElementById("app")!.className = mode;
  for (const region of [regions.top(), regions.left(), regions.screen()]) region.replaceChildren();
}

/** Coins with one decimal (UI.md). */
export function coins(milli: number): string {
  const value = (milli / 1000).toFixed(1);
  return milli > 0 ? `+${value}` : value;
}

/** A change of score in coins: one decimal, or three for the small steps a slot's duties earn. */
export function coinsDelta(milli: number): string {
  const value = (milli / 1000).toFixed(Math.abs(milli) < 100 ? 3 : 1);
  return milli > 0 ? `+${value}` : value;
}

/** A fee in coins: small fees (the blob fee starts at a thousandth of a coin) keep their three decimals. */
export function feeCoins(milli: number): string {
  return `${(milli / 1000).toFixed(milli < 100 ? 3 : 1)} coins`;
}

export const ROLE_COLOURS: Record<string, number> = {
  validator: 0x4f8cff,
  sequencer: 0xf0a030,
  challenger: 0x3fc27a,
  attacker: 0xb36bff,
};

export function roleCss(role: string): string {
  return `#${(ROLE_COLOURS[role] ?? 0x999999).toString(16).padStart(6, "0")}`;
}
