/**
 * Runs once when the studio's server starts (Next.js instrumentation hook), before it answers requests.
 * It stamps each request with its connection's real remote address, which sign-in uses to tell a loopback
 * caller from one on the network (lib/server/auth/network.ts); X-Forwarded-For is whatever a client says.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("./lib/server/auth/peer-stamp");
  stampPeerAddresses();
}
