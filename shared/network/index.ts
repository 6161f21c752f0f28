// The network and the nodes as a pure engine model: docs/network.md has the model and its input sources.
export * from "./availability.ts";
export * from "./decisions.ts";
export * from "./graph.ts";
export * from "./inputs.ts";
export * from "./load.ts";
export * from "./metrics.ts";
export * from "./params.ts";
export * from "./population.ts";
export * from "./propagation.ts";
export * from "./simulate.ts";
export * from "./slot.ts";
export * from "./summary.ts";
