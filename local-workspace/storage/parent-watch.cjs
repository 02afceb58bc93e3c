// Preloaded into the Azurite child (node -r): when the local workspace service dies, even by SIGKILL,
// the child's stdin pipe closes and Azurite exits with it instead of lingering as an orphan.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
