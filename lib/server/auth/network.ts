import "server-only";
import net from "node:net";
import crypto from "node:crypto";
import { config } from "../config";
import { signInToken } from "./secrets";
import { PEER_ADDRESS_HEADER } from "./peer-stamp";

export { PEER_ADDRESS_HEADER };

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:/, "");
  if (a === "::1") return true;
  return net.isIPv4(a) && a.startsWith("127.");
}

/** Whether a listen address (HOST) keeps the studio to this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || isLoopback(h);
}

/**
 * The address of whoever sent the request: the connection's peer, unless that peer is a proxy named in
 * TRUSTED_PROXY, in which case the nearest X-Forwarded-For entry that is not itself a trusted proxy.
 * Undefined when the request did not come through the studio's HTTP server (no stamped header).
 */
export function clientAddress(headers: Headers): string | undefined {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim() || undefined;
  const trusted = config.signIn.trustedProxies;
  if (!peer || !trusted.includes(peer.replace(/^::ffff:/, ""))) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.includes(hops[i].replace(/^::ffff:/, ""))) return hops[i];
  }
  return peer;
}

export type SecretRequirement = { required: false } | { required: true; reason: string };

/** Whether a local account needs a secret (the sign-in token, or a password account's password) to sign in. */
export function secretRequirement(headers: Headers): SecretRequirement {
  const host = config.signIn.host;
  if (!isLoopbackHost(host))
    return { required: true, reason: `the studio listens on ${host} (HOST), so other machines can reach it` };
  if (config.signIn.tokenAlwaysRequired)
    return { required: true, reason: "the operator turned it on (LOCAL_SIGN_IN_TOKEN_REQUIRED)" };
  const address = clientAddress(headers);
  if (!isLoopback(address))
    return {
      required: true,
      reason: address ? `this request comes from ${address}, not from this machine` : "the request's origin is unknown",
    };
  return { required: false };
}

/** Constant-time comparison of a presented sign-in token with the studio's (both hashed to equal length first). */
export function signInTokenMatches(presented: string): boolean {
  const digest = (v: Uint8Array | string) => crypto.createHash("sha256").update(v).digest();
  return crypto.timingSafeEqual(digest(presented.trim()), digest(signInToken()));
}
