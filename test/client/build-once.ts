// vitest globalSetup of the slow project: the client is built once before any browser suite runs, rather than
// once per suite. Suites running side by side would otherwise rebuild dist/client (which vite empties first)
// under a server that is serving it. The workers see TRILEMMA_CLIENT_BUILT=1 and buildClient() does nothing.
import { buildClient, missingChromium } from "./browser.ts";

export default async function setup(): Promise<void> {
  if (missingChromium()) return;
  await buildClient();
  process.env.TRILEMMA_CLIENT_BUILT = "1";
}
