// ESLint: JavaScript and TypeScript recommended rules (not type-checked, to stay fast), the rules of hooks, and the
// boundary checker that encodes docs/architecture.md's "Where code lives" table and the feature order.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import boundaries from "eslint-plugin-boundaries";

/**
 * The feature order: a feature may import the features listed for it (each one earlier in the order), and only
 * through their `index.ts` (client surface) or `server/index.ts` (server surface). Keep in step with
 * docs/architecture.md ("Feature order").
 */
const featureDeps = {
  workspaces: [],
  accounts: [],
  quotas: ["workspaces"],
  compute: ["workspaces", "quotas"],
  datastores: ["workspaces"],
  "data-assets": ["workspaces", "datastores"],
  models: ["workspaces"],
  environments: ["workspaces"],
  components: ["workspaces"],
  // jobs owns submitting and listing every job kind; the designer calls it (and makes drafts from jobs).
  jobs: ["workspaces", "quotas", "compute", "datastores", "data-assets", "components", "environments"],
  designer: ["workspaces", "quotas", "compute", "datastores", "data-assets", "components", "jobs"],
  // lineage reads every kind through the upstream client and the cache; app/ pages compose its tab into the others'.
  lineage: ["workspaces"],
  // The command palette searches every kind's list, so it comes after them all; app/ composes it into the shell.
  palette: ["workspaces", "compute", "datastores", "data-assets", "models", "environments", "components", "jobs"],
  // A workspace's overview page sums up several kinds' cached lists, so it comes after them.
  overview: ["workspaces", "compute", "data-assets", "models", "jobs"],
};
const featureSurface = ["index.ts", "server/index.ts"];
const lib = ["lib-server", "lib-client", "lib-domain"];

const may = (fromType, toTypes) => ({
  from: { element: { type: fromType } },
  allow: { to: { element: { type: toTypes } } },
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      "data/",
      "test-results/",
      "playwright-report/",
      "lib/server/db/generated/",
      "prisma/sqlite/",
      "prisma/postgres/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The rules of hooks. (The plugin's React Compiler rules are left out: the studio does not use the compiler.)
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    languageOptions: {
      globals: {
        // Node and the browser: the studio's server and client code, scripts, tests and the local service.
        ...Object.fromEntries(
          [
            "process",
            "console",
            "Buffer",
            "URL",
            "URLSearchParams",
            "setTimeout",
            "clearTimeout",
            "setInterval",
            "clearInterval",
            "fetch",
            "window",
            "document",
            "navigator",
            "__dirname",
            "require",
            "module",
            "exports",
            "globalThis",
          ].map((g) => [g, "readonly"]),
        ),
      },
    },
    rules: {
      // ARM and MLflow bodies are loosely typed JSON; `Record<string, any>` is how the code reads them.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**", "features/**", "components/**", "lib/**"],
    ignores: ["lib/domain/zod.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            // zod only through lib/domain/zod.ts: in the browser it turns off zod's eval-compiled parsers (the CSP
            // forbids eval) before any schema is built, whichever on-demand chunk brings zod first.
            { name: "zod", message: "Import { z } from @/lib/domain/zod (it sets zod up for the browser's CSP)." },
            // The barrel's modules each hold dozens of icons, and a page that uses one icon of a module loads every
            // icon of it the studio uses anywhere; an icon's own module (svg/<name>) holds only that icon's sizes.
            {
              name: "@fluentui/react-icons",
              message:
                'Import each icon from its own module, e.g. "@fluentui/react-icons/svg/search" (first-load JavaScript).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.tsx", "features/**/*.tsx", "components/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          // A Fluent Spinner is a progressbar; axe (WCAG 4.1.2) fails one with no name, even one shown for a moment.
          selector:
            "JSXOpeningElement[name.name='Spinner']:not(:has(JSXAttribute[name.name=/^(label|aria-label|aria-labelledby|aria-hidden)$/]))",
          message:
            "A Spinner needs a label or aria-label (what is loading), or aria-hidden inside a control that says it.",
        },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { [new URL("./scripts/eslint-alias-resolver.cjs", import.meta.url).pathname]: {} },
      "boundaries/include": ["app/**", "features/**", "components/**", "lib/**", "local-workspace/**"],
      "boundaries/elements": [
        { type: "app", pattern: "app", partialMatch: false },
        { type: "feature", pattern: "features/*", partialMatch: false, capture: ["feature"] },
        { type: "components", pattern: "components", partialMatch: false },
        { type: "lib-server", pattern: "lib/server", partialMatch: false },
        { type: "lib-client", pattern: "lib/client", partialMatch: false },
        { type: "lib-domain", pattern: "lib/domain", partialMatch: false },
        { type: "local-workspace", pattern: "local-workspace", partialMatch: false },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          message:
            "{{from.type}}{{#if from.captured.feature}} {{from.captured.feature}}{{/if}} may not import " +
            "{{to.type}}{{#if to.captured.feature}} {{to.captured.feature}}{{/if}} here: see the table and the feature " +
            "order in docs/architecture.md (other features only through their index.ts or server/index.ts)",
          policies: [
            // Inside one element anything goes.
            { allow: { dependency: { relationship: { to: "internal" } } } },
            may("app", ["components", ...lib]),
            {
              from: { element: { type: "app" } },
              allow: { to: { element: { type: "feature", fileInternalPath: featureSurface } } },
            },
            may("feature", ["components", ...lib]),
            ...Object.entries(featureDeps)
              .filter(([, deps]) => deps.length > 0)
              .map(([feature, deps]) => ({
                from: { element: { type: "feature", captured: { feature } } },
                allow: {
                  to: { element: { type: "feature", captured: { feature: deps }, fileInternalPath: featureSurface } },
                },
              })),
            may("components", ["lib-client", "lib-domain"]),
            may("lib-server", ["lib-domain"]),
            may("lib-client", ["lib-domain"]),
            may("local-workspace", ["lib-domain"]),
          ],
        },
      ],
    },
  },
);
