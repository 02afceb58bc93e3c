import { route } from "@/lib/server/route";
import { signInOptions } from "@/lib/server/auth/sign-in-options";

export const dynamic = "force-dynamic";

/**
 * What the sign-in page needs; public. `id` of a local account is what POST /api/auth/session takes;
 * `localSignIn.tokenRequired` says whether this caller must give the sign-in token (never the token itself).
 */
export const GET = route({
  action: "public",
  handler: async ({ req }) => signInOptions(req.headers),
});
