import { defineConfig } from "vitest/config";

/** Fast tests: engine rules on small constructed states and repository checks, no whole match (npm run test:unit). */
const UNIT = ["test/**/*.unit.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      {
        extends: true,
        test: {
          name: "slow",
          include: ["test/**/*.test.ts"],
          exclude: UNIT,
          // The client built once for the browser suites (test/client/build-once.ts).
          globalSetup: ["test/client/build-once.ts"],
        },
      },
    ],
  },
});
