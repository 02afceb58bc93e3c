import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from "jose";

/** A tiny OpenID Connect metadata + JWKS server on loopback, so the bearer checks run without the network. */
export async function startFakeAuthority() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  let issuer = "";
  const server = http.createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
        }),
      );
    } else if (req.url === "/jwks") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    privateKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const AUDIENCE = "api://ml-studio-test";

export async function signAccessToken(
  key: CryptoKey | Uint8Array,
  claims: JWTPayload,
  opts: { issuer: string; audience?: string; expiresIn?: string | number; kid?: string; alg?: string; iat?: number },
) {
  const jwt = new SignJWT({ name: "Ada Lovelace", preferred_username: "ada@example.com", oid: "oid-ada", ...claims })
    .setProtectedHeader({ alg: opts.alg ?? "RS256", kid: opts.kid ?? "test-key-1", typ: "JWT" })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience ?? AUDIENCE)
    .setSubject("sub-ada")
    .setIssuedAt(opts.iat)
    .setExpirationTime(opts.expiresIn ?? "1h");
  return jwt.sign(key);
}

export function b64url(value: unknown) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
