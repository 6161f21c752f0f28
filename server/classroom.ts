// Ready room setups for a class (GET /api/setups): the lesson track (lessons/*.json, each a room with an
// on-screen brief and a question for the pause), the attack scenarios (scenarios/*.json) and the workshop
// sweeps (workshops/*.json, played live at their grid's first point). Each comes as the create options the
// lobby sends: preset, config and lineup.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type express from "express";
import { z } from "zod";
import { loadScenario, type Scenario } from "../lab/attacks.ts";
import { ROLES } from "../shared/index.ts";
import type { Setup } from "../shared/present/setup.ts";
import { lineupSchema } from "./room-options.ts";

const REPOSITORY = join(import.meta.dirname, "..");

const lessonSchema = z.strictObject({
  name: z.string().min(1).max(40),
  title: z.string().min(1),
  chapter: z.number().int().min(1),
  brief: z.string().min(1),
  question: z.string().min(1),
  preset: z.string().default("phase0"),
  /** Seats by role and strategy, numbered per role as the lobby's lineup box numbers them. */
  seats: z.array(
    z.strictObject({
      role: z.enum(ROLES as [string, ...string[]]),
      strategy: z.string().min(1),
      count: z.number().int().min(1),
      validators: z.number().int().min(0).optional(),
    }),
  ),
  set: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}),
});

function readLesson(path: string): Setup {
  const lesson = lessonSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const counts = new Map<string, number>();
  const lineup = lesson.seats.flatMap(({ count, ...seat }) =>
    Array.from({ length: count }, () => {
      const n = (counts.get(seat.role) ?? 0) + 1;
      counts.set(seat.role, n);
      return { id: `${seat.role}-${n}`, ...seat };
    }),
  );
  return {
    kind: "lesson",
    name: lesson.name,
    title: `${lesson.chapter}. ${lesson.title}`,
    brief: lesson.brief,
    question: lesson.question,
    options: { preset: lesson.preset, config: lesson.set, lineup: lineupSchema.parse(lineup) },
  };
}

function scenarioSetup(scenario: Scenario, kind: Setup["kind"], question: string): Setup {
  return {
    kind,
    name: scenario.name,
    title: scenario.name,
    brief: `${scenario.description} Caught by: ${scenario.caughtBy}.`,
    question,
    options: { preset: scenario.preset, config: scenario.set, lineup: lineupSchema.parse(scenario.lineup) },
  };
}

const workshopSchema = z.object({
  name: z.string(),
  question: z.string(),
  scenario: z.string(),
  params: z.record(z.string(), z.array(z.union([z.number(), z.boolean()]))),
});

function readWorkshop(path: string): Setup {
  const workshop = workshopSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  const setup = scenarioSetup(
    loadScenario(resolve(dirname(path), workshop.scenario)),
    "workshop",
    workshop.question,
  );
  // A room plays one point of the sweep: the first value of each config key (seat sizes stay the scenario's).
  const first = Object.entries(workshop.params).filter(([key]) => !key.startsWith("validators."));
  setup.name = workshop.name;
  setup.title = workshop.name;
  setup.options.config = { ...setup.options.config, ...Object.fromEntries(first.map(([k, v]) => [k, v[0]])) };
  return setup;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(join(REPOSITORY, folder))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => join(REPOSITORY, folder, file));
}

/** Every ready setup, lessons first in chapter order; a file that does not read is skipped with its reason. */
export function loadSetups(): { setups: Setup[]; problems: string[] } {
  const setups: Setup[] = [];
  const problems: string[] = [];
  const readers: [string, (path: string) => Setup][] = [
    ["lessons", readLesson],
    [
      "scenarios",
      (path) => scenarioSetup(loadScenario(path), "scenario", "Who caught it, and what did it cost them?"),
    ],
    ["workshops", readWorkshop],
  ];
  for (const [folder, read] of readers)
    for (const path of jsonFiles(folder)) {
      try {
        setups.push(read(path));
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}`);
      }
    }
  return { setups, problems };
}

/** A restart's next setup by name (the facilitator's "next lesson"): the room options it replaces. */
export function setupOptions(name: string): (Setup["options"] & { setup: string }) | null {
  const setup = loadSetups().setups.find((s) => s.name === name);
  return setup ? { ...setup.options, setup: setup.name } : null;
}

export function mountClassroom(app: express.Application): void {
  app.get("/api/setups", (_req, res) => {
    res.json(loadSetups());
  });
}
