// Resolves the tsconfig path alias `@/…` (the repository root) for eslint-plugin-boundaries, then lets the Node
// resolver find the file with TypeScript's extensions. (No TypeScript resolver package is installed; this is all the
// boundary checker needs: it only has to know which folder an import lands in.)
const path = require("node:path");
const node = require("eslint-import-resolver-node");

const root = path.resolve(__dirname, "..");
const extensions = [".ts", ".tsx", ".mjs", ".js", ".cjs", ".json"];

exports.interfaceVersion = 2;
exports.resolve = (source, file) => {
  const target = source.startsWith("@/") ? path.join(root, source.slice(2)) : source;
  return node.resolve(target, file, { extensions });
};
