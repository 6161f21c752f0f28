// Piscina worker entry: loads the TypeScript job runner through tsx, once per thread.
import { register } from "tsx/esm/api";

register();
const { runJob } = await import("./jobs.ts");

export default function run(job) {
  return runJob(job);
}
