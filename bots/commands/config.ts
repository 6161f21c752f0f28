// `trilemma config`: every parameter with its default, range and meaning.
import type { Command } from "commander";
import { PARAMS, type ParamSpec, PRESETS } from "../../shared/index.ts";

export function describeParams(): { key: string; spec: ParamSpec }[] {
  return Object.entries(PARAMS as Record<string, ParamSpec>).map(([key, spec]) => ({ key, spec }));
}

function range(spec: ParamSpec): string {
  if (typeof spec.default === "boolean") return "true/false";
  return `${spec.min ?? "−∞"}–${spec.max ?? "∞"}${spec.integer ? " (whole)" : ""}`;
}

export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("list every config key with its default, range and meaning")
    .option("--json", "print as JSON")
    .action((options) => {
      const params = describeParams();
      if (options.json) {
        console.log(
          JSON.stringify(
            { params: Object.fromEntries(params.map(({ key, spec }) => [key, spec])), presets: PRESETS },
            null,
            2,
          ),
        );
        return;
      }
      let group = "";
      for (const { key, spec } of params) {
        if (spec.group !== group) {
          group = spec.group;
          console.log(`\n[${group}]`);
        }
        const real = spec.real ? ` (real: ${spec.real})` : "";
        console.log(`  ${key} = ${spec.default}  [${range(spec)}]  ${spec.meaning}${real}`);
      }
      console.log(
        `\npresets: ${Object.entries(PRESETS)
          .map(([name, o]) => `${name} ${JSON.stringify(o)}`)
          .join("; ")}`,
      );
    });
}
