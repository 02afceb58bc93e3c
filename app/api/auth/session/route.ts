import { NextResponse } from "next/server";
import { route, z } from "@/lib/server/route";
import { ApiError } from "@/lib/server/errors";
import { authenticate, type Principal } from "@/lib/server/auth";
import { signIn } from "@/lib/server/auth/sign-in";
import { TooManyAttempts } from "@/lib/server/auth/rate-limit";
import {
  SESSION_COOKIE,
  isHttps,
  readCookie,
  revokeSession,
  sessionCookieHeader,
  sessionIdOf,
} from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

/** What the studio tells the browser about the caller: never the token. */
function view(p: Pick<Principal, "id" | "name" | "username" | "role">) {
  return { id: p.id, name: p.name, username: p.username, role: p.role, via: "session" as Principal["via"] };
}

/** The current principal (bearer token or session cookie), or 401 saying why not. */
export const GET = route({
  action: "public",
  handler: async ({ req }) => {
    const p = await authenticate(req);
    return { ...view(p), via: p.via };
  },
});

const secretField = (what: string) => z.string().min(1, `${what} is empty`).max(1024, `${what} is too long`);

/**
 * Signs in a local account: `{ account, token? }` for a built-in account (the token when the request is not from
 * loopback), or `{ username, password }` for an account an Admin added. 429 with Retry-After after too many failures.
 */
export const POST = route({
  action: "public",
  body: z
    .object({
      account: z.string().min(1, "Choose an account").max(200).optional(),
      token: secretField("The sign-in token").optional(),
      username: z.string().min(1, "Enter your username").max(200).optional(),
      password: secretField("The password").optional(),
    })
    .strict(),
  handler: async ({ body, req }) => {
    // A form post from another site can be text/plain without a CORS preflight; sign-in takes JSON only.
    const type = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
    if (type !== "application/json")
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        `Sign-in takes Content-Type application/json, not ${type ?? "none"}.`,
      );
    try {
      const { cookie, user } = await signIn(req, body);
      const res = NextResponse.json(view(user), { headers: { "Cache-Control": "no-store" } });
      res.headers.append("Set-Cookie", sessionCookieHeader(cookie, isHttps(req)));
      return res;
    } catch (err) {
      if (!(err instanceof TooManyAttempts)) throw err;
      return NextResponse.json(err.toBody(), {
        status: 429,
        headers: { "Cache-Control": "no-store", "Retry-After": String(err.retryAfterSeconds) },
      });
    }
  },
});

/**
 * Signs out: ends the session server-side (its cookie stops working everywhere at once) and clears the cookie.
 * A bearer token lives in the browser; MSAL signs that out.
 */
export const DELETE = route({
  action: "public",
  handler: async ({ req }) => {
    const cookie = readCookie(req, SESSION_COOKIE);
    const sessionId = cookie ? await sessionIdOf(cookie) : undefined;
    if (sessionId) await revokeSession(sessionId);
    // Cached reads may be kept by this browser (private, revalidated on every use): signing out drops them.
    const res = NextResponse.json(
      { signedOut: true },
      { headers: { "Cache-Control": "no-store", "Clear-Site-Data": '"cache"' } },
    );
    res.headers.append("Set-Cookie", sessionCookieHeader("", isHttps(req)));
    return res;
  },
});
