#!/usr/bin/env node
import { register } from "tsx/esm/api";

register();
const { main } = await import("../bots/cli.ts");
await main(process.argv);
