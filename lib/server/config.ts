import "server-only";
import path from "node:path";

/**
 * Everything the server reads from the environment, in one place.
 * UPSTREAM=local (default): the embedded local workspace service; UPSTREAM=azure: https://management.azure.com.
 * Local accounts are on unless LOCAL_ACCOUNTS=off; MSAL (Entra ID or any OIDC authority) is on when OIDC_AUTHORITY is set.
 */
export const config = {
  dataDir: path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR ?? "data"),
  /** Embedded default: the folders standing in for Azure Files shares (shared with the local workspace service). */
  get localFileSharesDir() {
    return path.resolve(
      /* turbopackIgnore: true */ process.env.LOCAL_FILESHARES_DIR ??
        path.join(this.dataDir, "local-workspace", "fileshares"),
    );
  },
  upstream: (process.env.UPSTREAM === "azure" ? "azure" : "local") as "local" | "azure",
  get armEndpoint() {
    return this.upstream === "azure"
      ? (process.env.ARM_ENDPOINT ?? "https://management.azure.com")
      : (process.env.LOCAL_WORKSPACE_URL ?? `http://127.0.0.1:${process.env.LOCAL_WORKSPACE_PORT ?? "7070"}`);
  },
  /** Subscriptions whose workspaces the switcher lists. */
  subscriptions: (process.env.AZURE_SUBSCRIPTION_IDS ?? "00000000-0000-0000-0000-000000000001")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  localAccounts: process.env.LOCAL_ACCOUNTS !== "off",
  /**
   * Deadlines of upstream calls (ARM or the local service, MLflow, storage), read at each use: past one the route
   * answers 504 naming the upstream instead of waiting. Writes get longer: an ARM PUT may take a while to accept.
   */
  deadlines: {
    get readMs() {
      return positiveNumber("UPSTREAM_TIMEOUT_MS", 15_000);
    },
    get writeMs() {
      return positiveNumber("UPSTREAM_WRITE_TIMEOUT_MS", 30_000);
    },
    /** One storage request (a listing page, one block of an upload). */
    get storageMs() {
      return positiveNumber("STORAGE_TIMEOUT_MS", 30_000);
    },
  },
  /** Public origins of the studio when a proxy in front of it rewrites Host (STUDIO_ORIGIN, comma-separated). */
  get studioOrigins(): string[] {
    return (process.env.STUDIO_ORIGIN ?? "")
      .split(",")
      .map((s) => s.trim().replace(/\/$/, "").toLowerCase())
      .filter(Boolean);
  },
  /** What the upstream is called in messages. */
  get upstreamName() {
    return this.upstream === "azure" ? "Azure Resource Manager" : "The local workspace service";
  },
  /** Identity settings of local accounts, read at each use (docs/auth.md). */
  signIn: {
    /** The address `next start -H` listens on (scripts/start-studio.sh passes HOST, default 127.0.0.1). */
    get host() {
      return process.env.HOST?.trim() || "127.0.0.1";
    },
    /** LOCAL_SIGN_IN_TOKEN_REQUIRED=1: the sign-in token is asked for even from loopback. */
    get tokenAlwaysRequired() {
      return /^(1|true|yes|on)$/i.test(process.env.LOCAL_SIGN_IN_TOKEN_REQUIRED ?? "");
    },
    /** Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated; none by default). */
    get trustedProxies() {
      return (process.env.TRUSTED_PROXY ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    },
    get sessionIdleMinutes() {
      return positiveNumber("SESSION_IDLE_MINUTES", 12 * 60);
    },
    get sessionMaxHours() {
      return positiveNumber("SESSION_MAX_HOURS", 7 * 24);
    },
    get maxFailures() {
      return positiveNumber("SIGN_IN_MAX_FAILURES", 5);
    },
    get failureWindowMinutes() {
      return positiveNumber("SIGN_IN_WINDOW_MINUTES", 15);
    },
  },
  oidc: process.env.OIDC_AUTHORITY
    ? {
        authority: process.env.OIDC_AUTHORITY,
        clientId: process.env.OIDC_CLIENT_ID ?? "",
        /** Audience the studio API's access tokens carry (api://<client id> in Entra ID). */
        audience: process.env.OIDC_AUDIENCE ?? process.env.OIDC_CLIENT_ID ?? "",
        /** Scope the browser requests for the studio API. */
        apiScope: process.env.OIDC_API_SCOPE ?? "",
        clientSecret: process.env.OIDC_CLIENT_SECRET,
        issuer: process.env.OIDC_ISSUER,
        jwksUri: process.env.OIDC_JWKS_URI,
      }
    : null,
};

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)}).`);
  return n;
}
