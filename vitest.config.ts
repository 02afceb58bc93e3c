import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "test/support/server-only.ts") },
  },
  test: {
    include: [
      "test/**/*.test.ts",
      "lib/**/*.test.ts",
      "features/**/*.test.ts",
      "features/**/*.test.tsx",
      "components/**/*.test.tsx",
      "local-workspace/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files start their own servers on free ports; two workers fit two cores.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
