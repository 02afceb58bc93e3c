import "server-only";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { config } from "../config";

/**
 * A symmetric key from an environment variable (its UTF-8 bytes) or, when unset, from
 * `$DATA_DIR/secrets/<file>`: the file's bytes as they are. A missing file is created with
 * 32 random bytes written as 64 lowercase hex characters (no newline), mode 0600, with an
 * exclusive create so two processes starting together end up with the same key.
 */
export function loadSecret(envName: string, fileName: string): Uint8Array {
  const fromEnv = process.env[envName];
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const file = path.join(config.dataDir, "secrets", fileName);
  try {
    // Trimmed: the local workspace service may write the key with a trailing newline.
    return new TextEncoder().encode(fs.readFileSync(file, "utf8").trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return new TextEncoder().encode(fs.readFileSync(file, "utf8").trim());
}

const cache = new Map<string, Uint8Array>();

/** loadSecret, read once per process. */
export function secret(envName: string, fileName: string): Uint8Array {
  const key = `${envName}:${config.dataDir}:${fileName}`;
  let value = cache.get(key);
  if (!value) {
    value = loadSecret(envName, fileName);
    cache.set(key, value);
  }
  return value;
}

export const sessionKey = () => secret("SESSION_SECRET", "session.key");
export const localWorkspaceTokenKey = () => secret("LOCAL_WORKSPACE_TOKEN_SECRET", "local-workspace-token.key");
/** The local accounts' sign-in token (like Jupyter's): `LOCAL_SIGN_IN_TOKEN`, else `$DATA_DIR/secrets/sign-in.token`. */
export const signInToken = () => secret("LOCAL_SIGN_IN_TOKEN", "sign-in.token");
