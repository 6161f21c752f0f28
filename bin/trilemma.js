#!/usr/bin/env node
const { main } = await import("../cli/main.ts");
await main(process.argv);
