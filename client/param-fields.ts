// The dashboard's parameter fields for the next round (server/PROTOCOL.md, `setParams`): one per config key,
// grouped as the rule book groups them, with the real value beside the default. The network's scaling knobs
// (docs/network.md, "Wired") come first in a group of their own, with names a class reads at a glance.
import { type MatchConfig, PARAMS, type ParamSpec } from "../shared/index.ts";
import { REGIONS } from "../shared/network/inputs.ts";
import { h } from "./dom.ts";

/** The knobs a facilitator turns to show the trilemma, in the order they are shown. */
export const NETWORK_KNOBS: Record<string, string> = {
  blockGas: "Layer 1 block size (gas)",
  networkSlotMs: "Layer 1 slot time (simulated ms)",
  sampling: "Data-availability sampling (PeerDAS)",
  outageRegion: "Region offline",
  outageStartSlot: "… from slot",
  outageSlots: "… for slots",
  partitionRegions: "Regions split off",
  partitionStartSlot: "… from slot",
  partitionSlots: "… for slots",
};
const KNOBS_GROUP = "Network knobs: the trilemma";

type ParamInput = HTMLInputElement | HTMLSelectElement;

/** The partitions a facilitator picks from: one region against the rest, or the Americas and Europe against Asia-Pacific. */
const PARTITIONS: [mask: number, label: string][] = [
  [0, "none"],
  ...REGIONS.map((region, index): [number, string] => [1 << index, `${region} | the rest`]),
  [0b000111, `${REGIONS.slice(0, 3).join(", ")} | ${REGIONS.slice(3).join(", ")}`],
];

/**
 * A field's input: a checkbox, a number, for the outage a choice of region (-1: none), for the partition a choice
 * of split (a mask of regions, docs/network.md).
 */
function inputFor(key: string, spec: ParamSpec): ParamInput {
  if (key === "partitionRegions")
    return h(
      "select",
      { name: key },
      ...PARTITIONS.map(([mask, label]) => h("option", { value: mask }, label)),
    );
  if (key === "outageRegion")
    return h(
      "select",
      { name: key },
      h("option", { value: -1 }, "none"),
      ...REGIONS.map((region, index) => h("option", { value: index }, region)),
    );
  return typeof spec.default === "boolean"
    ? h("input", { type: "checkbox", name: key })
    : h("input", { type: "number", name: key, step: "any", size: 6 });
}

/** The value an input holds, as the config takes it. */
function inputValue(input: ParamInput): number | boolean {
  return input instanceof HTMLInputElement && input.type === "checkbox" ? input.checked : Number(input.value);
}

/** Shows the round's value in an input. */
function showValue(input: ParamInput, value: unknown): void {
  if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = Boolean(value);
  else input.value = String(value);
}

/** A labelled field that asks for `key` = its value for the next round whenever it changes. */
function paramField(
  key: string,
  spec: ParamSpec,
  ask: (key: string, value: number | boolean) => void,
): { group: string; field: HTMLElement; input: ParamInput } {
  const input = inputFor(key, spec);
  input.addEventListener("change", () => ask(key, inputValue(input)));
  const knob = NETWORK_KNOBS[key];
  const field = h(
    "label",
    { class: knob ? "param knob" : "param", title: spec.meaning },
    h("span", {}, knob ?? key),
    input,
    h("span", { class: "hint" }, spec.real ? `real: ${spec.real}` : ""),
  );
  return { group: knob ? KNOBS_GROUP : spec.group, field, input };
}

/**
 * Every key's field, the network's knobs first, then the rule book's groups; `showRound` sets them to the round
 * being played (a change applies to the next one).
 */
export function paramFieldsets(ask: (key: string, value: number | boolean) => void): {
  fieldsets: HTMLElement[];
  showRound: (config: MatchConfig) => void;
} {
  const groups = new Map<string, HTMLElement>([
    [KNOBS_GROUP, h("fieldset", { class: "knobs" }, h("legend", {}, KNOBS_GROUP))],
  ]);
  const inputs = new Map<keyof MatchConfig, ParamInput>();
  for (const [key, spec] of Object.entries(PARAMS) as [string, ParamSpec][]) {
    const { group, field, input } = paramField(key, spec, ask);
    if (!groups.has(group)) groups.set(group, h("fieldset", {}, h("legend", {}, group)));
    groups.get(group)!.append(field);
    inputs.set(key as keyof MatchConfig, input);
  }
  return {
    fieldsets: [...groups.values()],
    showRound: (config) => {
      for (const [key, input] of inputs) showValue(input, config[key]);
    },
  };
}
