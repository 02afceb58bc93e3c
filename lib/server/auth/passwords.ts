import "server-only";
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** Node's scrypt (OpenSSL). N=2^15, r=8, p=1: 32 MiB and tens of milliseconds per hash. */
const DEFAULT = { N: 1 << 15, r: 8, p: 1, keylen: 64 };
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** `scrypt$N=32768,r=8,p=1$<salt base64>$<hash base64>`: parameters stored with each hash so they can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await derive(password, salt, DEFAULT);
  return `scrypt$N=${DEFAULT.N},r=${DEFAULT.r},p=${DEFAULT.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/** Whether `password` matches a stored hash; false for a hash this code cannot read (never throws on bad input). */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : null;
  if (!parsed) {
    // Same work as a real check, so an unknown account takes as long as a wrong password.
    await derive(password, DUMMY_SALT, DEFAULT);
    return false;
  }
  const actual = await derive(password, parsed.salt, parsed.params);
  return actual.length === parsed.hash.length && crypto.timingSafeEqual(actual, parsed.hash);
}

const DUMMY_SALT = crypto.randomBytes(16);

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number; keylen: number }) {
  return scrypt(password.normalize("NFC"), salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r });
}

function parse(stored: string) {
  const m = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const hash = Buffer.from(m[5], "base64");
  return { params: { N, r, p, keylen: hash.length }, salt: Buffer.from(m[4], "base64"), hash };
}
