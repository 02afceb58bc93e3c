import fs from "node:fs";
import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { importJWK, SignJWT } from "jose";
import { OIDC_E2E } from "../fixtures/oidc-setup";

test.use({ ignoreHTTPSErrors: true });

async function session(request: APIRequestContext, token: string) {
  const res = await request.get(`${OIDC_E2E.studioOrigin}/api/auth/session`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status(), body: await res.json() };
}

async function providerSigned(claims: Record<string, unknown>, exp: number) {
  const jwk = JSON.parse(fs.readFileSync(OIDC_E2E.signingKeyFile, "utf8"));
  const key = await importJWK(jwk, "RS256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: ["Admin"], ...claims })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "at+jwt" })
    .setIssuer(OIDC_E2E.issuer)
    .setAudience(OIDC_E2E.audience)
    .setSubject("ada")
    .setIssuedAt(now - 7200)
    .setExpirationTime(exp)
    .sign(key);
}

test("MSAL signs in against a generic OpenID Connect authority and the API accepts its token", async ({
  page,
  request,
}) => {
  const sessionAuthHeaders: (string | undefined)[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/auth/session") sessionAuthHeaders.push(r.headers()["authorization"]);
  });
  const tokenResponse = page.waitForResponse(
    (r) => r.url().startsWith(`${OIDC_E2E.issuer}/token`) && r.request().method() === "POST",
    { timeout: 120_000 },
  );

  await page.goto("/sign-in?next=%2Fsign-in");
  await expect(page.getByRole("heading", { name: "Sign in to ML Studio" })).toBeVisible();
  const msalButton = page.getByRole("button", { name: "Sign in with Microsoft" });
  await expect(msalButton).toBeEnabled();
  await msalButton.click();

  // oidc-provider's dev interactions: any login and password, then consent.
  await page.waitForURL((url) => url.origin === OIDC_E2E.issuer && url.pathname.startsWith("/interaction/"), {
    timeout: 60_000,
  });
  await page.locator('input[name="login"]').fill("ada");
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 10_000 }).catch(() => false)) await consent.click();

  // Back at the studio: MSAL completes the redirect; the page sends the access token as Bearer and shows the user.
  const token = (await (await tokenResponse).json()) as { access_token?: string; token_type?: string };
  expect(token.access_token).toBeTruthy();
  await expect(page.getByTestId("signed-in-as")).toContainText("Signed in as Ada Lovelace (ada@example.test) · Admin", {
    timeout: 60_000,
  });
  expect(new URL(page.url()).pathname).toBe("/sign-in");

  // The server route validates the token (JWKS signature, issuer, audience, expiry) and takes the role from `roles`.
  const me = await session(request, token.access_token!);
  expect(me.status).toBe(200);
  expect(me.body).toEqual({
    id: "ada",
    name: "Ada Lovelace",
    username: "ada@example.test",
    role: "Admin",
    via: "bearer",
  });

  // A forged token (right kid, another key) and an expired token signed with the provider's own key are refused.
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = JSON.parse(fs.readFileSync(OIDC_E2E.signingKeyFile, "utf8")).kid;
  const forged = await new SignJWT({ roles: ["Admin"] })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(OIDC_E2E.issuer)
    .setAudience(OIDC_E2E.audience)
    .setSubject("mallory")
    .setExpirationTime("1h")
    .sign(privateKey);
  const forgedAnswer = await session(request, forged);
  expect(forgedAnswer.status).toBe(401);
  expect(forgedAnswer.body.error.message).toMatch(/signature is invalid/);

  const expired = await session(request, await providerSigned({}, Math.floor(Date.now() / 1000) - 600));
  expect(expired.status).toBe(401);
  expect(expired.body.error.message).toMatch(/has expired/);

  // Signed by the provider, valid, but no studio role: 403.
  const roleless = await session(request, await providerSigned({ roles: [] }, Math.floor(Date.now() / 1000) + 600));
  expect(roleless.status).toBe(403);
  expect(roleless.body.error.message).toMatch(/no studio role assigned/i);

  // The browser's own API calls carried the token as Bearer (getAuthHeaders): there is no session cookie.
  expect(sessionAuthHeaders.some((h) => h?.startsWith("Bearer "))).toBe(true);
  expect((await page.context().cookies()).some((c) => c.name === "mls_session")).toBe(false);
  const withoutHeader = await page.evaluate(async () => (await fetch("/api/auth/session")).status);
  expect(withoutHeader).toBe(401);
});

test("a local account signs in from the keyboard and gets a locked-down session cookie", async ({ page }) => {
  await page.goto("/sign-in?next=%2Fsign-in");
  const dana = page.getByRole("button", { name: /^Sign in as Dana Scientist · Data scientist/ });
  await expect(dana).toBeEnabled();
  await dana.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-in-as")).toContainText(
    "Signed in as Dana Scientist (scientist@ml-studio.local) · Data scientist",
  );
  const cookie = (await page.context().cookies()).find((c) => c.name === "mls_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect((await page.context().cookies()).some((c) => c.name === "mls_session")).toBe(false);
});
