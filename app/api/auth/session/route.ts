import { NextResponse } from "next/server";
import { route, z } from "@/lib/server/route";
import { config } from "@/lib/server/config";
import { ApiError } from "@/lib/server/errors";
import { authenticate, type Principal } from "@/lib/server/auth";
import { LOCAL_ACCOUNTS, findLocalAccount } from "@/lib/server/auth/local-accounts";
import { createSessionToken, isHttps, sessionCookieHeader } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

/** What the studio tells the browser about the caller: never the token. */
function view(p: Principal) {
  return { id: p.id, name: p.name, username: p.username, role: p.role, via: p.via };
}

/** The current principal (bearer token or session cookie), or 401 saying why not. */
export const GET = route({
  action: "public",
  handler: async ({ req }) => view(await authenticate(req)),
});

/** Signs in a local account (no password: a local dev studio). */
export const POST = route({
  action: "public",
  body: z.object({ account: z.string().min(1, "Choose an account") }).strict(),
  handler: async ({ body, req }) => {
    if (!config.localAccounts)
      throw ApiError.notFound(
        "Local accounts are turned off on this studio (LOCAL_ACCOUNTS=off); sign in with Microsoft.",
      );
    const account = findLocalAccount(body.account);
    if (!account) {
      throw ApiError.badRequest(
        `Unknown account "${body.account}"; choose one of ${LOCAL_ACCOUNTS.map((a) => a.account).join(", ")}.`,
        "account",
      );
    }
    const token = await createSessionToken(account);
    const res = NextResponse.json(
      { id: account.id, name: account.name, username: account.username, role: account.role, via: "session" },
      { headers: { "Cache-Control": "no-store" } },
    );
    res.headers.append("Set-Cookie", sessionCookieHeader(token, isHttps(req)));
    return res;
  },
});

/** Signs out: clears the session cookie (a bearer token lives in the browser; MSAL signs that out). */
export const DELETE = route({
  action: "public",
  handler: async ({ req }) => {
    const res = NextResponse.json({ signedOut: true }, { headers: { "Cache-Control": "no-store" } });
    res.headers.append("Set-Cookie", sessionCookieHeader("", isHttps(req)));
    return res;
  },
});
