"use client";
import { useEffect, useState } from "react";
import {
  Button,
  Divider,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PersonRegular } from "@fluentui/react-icons/svg/person";
import {
  getAuthHeaders,
  getMsal,
  safeNext,
  signInWithMicrosoft,
  signOut,
  ROLE_LABEL,
  type AuthConfig,
  type CurrentUser,
} from "@/lib/client/auth";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  list: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    listStyleType: "none",
    margin: 0,
    padding: 0,
  },
  account: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  accountText: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type Props = {
  localAccounts: AuthConfig["localAccounts"];
  localSignIn: AuthConfig["localSignIn"];
  msal: AuthConfig["msal"];
  next: string;
};

/** POST /api/auth/session; the error's message (the server names what is wrong) when it fails. */
async function postSignIn(body: Record<string, string>): Promise<void> {
  const res = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (res.ok) return;
  const err = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  const retry = res.headers.get("retry-after");
  throw new Error(
    (err?.error?.message ?? `Sign-in failed (${res.status}).`) +
      (res.status === 429 && retry && !err?.error?.message ? ` Try again in ${retry} s.` : ""),
  );
}

async function readSession(): Promise<CurrentUser | null> {
  const res = await fetch("/api/auth/session", {
    headers: { Accept: "application/json", ...(await getAuthHeaders()) },
    credentials: "same-origin",
  });
  if (res.ok) return (await res.json()) as CurrentUser;
  if (res.status === 401) return null;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new Error(body?.error?.message ?? `The studio answered ${res.status}.`);
}

export function SignInPanel({ localAccounts, localSignIn, msal, next }: Props) {
  const s = useStyles();
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  // /sign-in?token=… (the URL printed at start): keep the token for the account buttons and take it out of the
  // address bar, so it does not stay in the history or get copied along with the URL.
  useEffect(() => {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get("token");
    if (!fromUrl) return;
    setToken(fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        // At the end of a Microsoft sign-in MSAL finishes the redirect here; then go where the user was headed.
        const m = msal ? await getMsal() : null;
        const result = m ? await m.ready : null;
        const current = await readSession();
        if (!live) return;
        if (result && current) {
          window.location.replace(safeNext(result.state));
          return;
        }
        setUser(current);
      } catch (err) {
        if (!live) return;
        setError((err as Error).message || String(err));
        setUser(null);
      }
    })();
    return () => {
      live = false;
    };
  }, [msal]);

  async function signInLocal(account: string) {
    setBusy(account);
    setError(null);
    try {
      await postSignIn(token.trim() ? { account, token: token.trim() } : { account });
      window.location.assign(next);
    } catch (err) {
      setError((err as Error).message);
      setBusy(null);
    }
  }

  async function signInWithPassword(e: React.FormEvent) {
    e.preventDefault();
    setBusy("password");
    setError(null);
    try {
      await postSignIn({ username: username.trim(), password });
      window.location.assign(next);
    } catch (err) {
      setError((err as Error).message);
      setPassword("");
      setBusy(null);
    }
  }

  async function signInMicrosoft() {
    setBusy("msal");
    setError(null);
    try {
      await signInWithMicrosoft(next);
    } catch (err) {
      setError((err as Error).message || String(err));
      setBusy(null);
    }
  }

  async function doSignOut() {
    setBusy("signout");
    await signOut();
    setUser(null);
    setBusy(null);
  }

  return (
    <div className={s.stack}>
      <Title2 as="h1">Sign in to ML Studio</Title2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Sign-in failed</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      )}
      {user === undefined && <Spinner size="tiny" label="Checking whether you are signed in…" />}
      {user && (
        <MessageBar intent="success" data-testid="signed-in-as">
          <MessageBarBody>
            <MessageBarTitle>Signed in</MessageBarTitle>
            {`Signed in as ${user.name} (${user.username}) · ${ROLE_LABEL[user.role]}`}
          </MessageBarBody>
        </MessageBar>
      )}
      {user && (
        <div className={s.row}>
          <Button appearance="primary" onClick={() => window.location.assign(next)}>
            Continue to the studio
          </Button>
          <Button onClick={doSignOut} disabled={busy !== null}>
            Sign out
          </Button>
        </div>
      )}

      {msal && (
        <section className={s.stack} aria-labelledby="msal-heading">
          <Subtitle2 as="h2" id="msal-heading">
            Organisation account
          </Subtitle2>
          <Button
            appearance="primary"
            onClick={signInMicrosoft}
            disabled={busy !== null}
            icon={busy === "msal" ? <Spinner size="tiny" aria-hidden /> : undefined}
          >
            Sign in with Microsoft
          </Button>
          <Text size={200} className={s.muted}>
            Your role (Reader, Data scientist or Admin) comes from the app roles assigned to you.
          </Text>
        </section>
      )}

      {msal && localAccounts && <Divider>or</Divider>}

      {localAccounts && (
        <section className={s.stack} aria-labelledby="local-heading">
          <Subtitle2 as="h2" id="local-heading">
            Local accounts
          </Subtitle2>
          {localSignIn?.tokenRequired ? (
            <>
              <Text size={200} className={s.muted}>
                {`The built-in accounts need the sign-in token here because ${localSignIn.reason}. It is in the sign-in URL printed in the terminal where the studio started.`}
              </Text>
              <Field label="Sign-in token" required hint={token ? "Taken from the sign-in URL." : undefined}>
                <Input
                  type="password"
                  value={token}
                  onChange={(_, d) => setToken(d.value)}
                  autoComplete="off"
                  data-testid="sign-in-token"
                />
              </Field>
            </>
          ) : (
            <Text size={200} className={s.muted}>
              On this machine the built-in accounts need no password. Pick one to sign in with its role.
            </Text>
          )}
          <ul className={s.list}>
            {localAccounts.map((a) => (
              <li key={a.id}>
                <Button
                  className={s.account}
                  appearance="outline"
                  size="large"
                  icon={busy === a.id ? <Spinner size="tiny" aria-hidden /> : <PersonRegular />}
                  disabled={busy !== null}
                  onClick={() => signInLocal(a.id)}
                  data-account={a.id}
                >
                  <span className={s.accountText}>
                    {/* The name is the visible text with this before it (WCAG 2.5.3, label in name). */}
                    <span className="visually-hidden">Sign in as </span>
                    <Text weight="semibold">
                      {a.name} · {ROLE_LABEL[a.role]}
                    </Text>
                    <Text size={200} className={s.muted}>
                      {a.description}
                    </Text>
                  </span>
                </Button>
              </li>
            ))}
          </ul>
          <form className={s.stack} onSubmit={signInWithPassword} aria-labelledby="password-heading">
            <Subtitle2 as="h2" id="password-heading">
              Account with a password
            </Subtitle2>
            <Field label="Username" required>
              <Input
                value={username}
                onChange={(_, d) => setUsername(d.value)}
                autoComplete="username"
                name="username"
              />
            </Field>
            <Field label="Password" required>
              <Input
                type="password"
                value={password}
                onChange={(_, d) => setPassword(d.value)}
                autoComplete="current-password"
                name="password"
              />
            </Field>
            <div className={s.row}>
              <Button
                type="submit"
                appearance="primary"
                disabled={busy !== null || !username.trim() || !password}
                icon={busy === "password" ? <Spinner size="tiny" aria-hidden /> : undefined}
              >
                Sign in
              </Button>
            </div>
          </form>
        </section>
      )}

      {!localAccounts && !msal && (
        <MessageBar intent="warning">
          <MessageBarBody>
            No sign-in method is configured: set OIDC_AUTHORITY for Microsoft sign-in, or leave LOCAL_ACCOUNTS on.
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
