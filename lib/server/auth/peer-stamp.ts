import http from "node:http";
import https from "node:https";

/**
 * The header every request carries with its connection's own remote address (`req.socket.remoteAddress`),
 * overwriting whatever a client sent under that name. Next.js itself only fills X-Forwarded-For when the client
 * did not send one, so that header says whatever a client wants.
 */
export const PEER_ADDRESS_HEADER = "x-mls-peer-address";

const PATCHED = Symbol.for("ml-studio.peer-stamp");

/**
 * Makes every HTTP(S) server of this process write the connection's remote address into the request header
 * PEER_ADDRESS_HEADER before any listener sees the request, replacing a value a client may have sent.
 * Route handlers get a Web Request without the socket; this is how they learn who is really connected.
 * Called once from instrumentation.ts (Next.js runs it before the server handles requests).
 */
export function stampPeerAddresses(): void {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as http.Server & { [PATCHED]?: boolean };
    if (proto[PATCHED]) continue;
    const emit = proto.emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      }
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof proto.emit;
    proto[PATCHED] = true;
  }
}
