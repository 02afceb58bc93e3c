"use client";
import { useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ROLES, type Role } from "@/lib/domain/roles";
import { ROLE_LABEL } from "@/lib/client/auth";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useAccounts, useCreateAccount, useDeleteAccount, useUpdateAccount } from "../hooks";
import type { AccountView } from "../types";

const MIN_PASSWORD = 10;

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** What is wrong with a password the admin typed, or null. */
function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD) return `At least ${MIN_PASSWORD} characters.`;
  if (password !== confirm) return "The two passwords differ.";
  return null;
}

function RoleSelect(props: { value: Role; onChange: (r: Role) => void; label: string; disabled?: boolean }) {
  return (
    <Select
      aria-label={props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={(_, d) => props.onChange(d.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </Select>
  );
}

function AddAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const s = useStyles();
  const create = useCreateAccount();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("Reader");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const problem = password || confirm ? passwordProblem(password, confirm) : null;
  const ready = username.trim() && displayName.trim() && password && !problem;

  const close = () => {
    setUsername("");
    setDisplayName("");
    setRole("Reader");
    setPassword("");
    setConfirm("");
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    create.mutate({ username: username.trim(), displayName: displayName.trim(), role, password }, { onSuccess: close });
  };
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Add an account</DialogTitle>
            <DialogContent className={s.form}>
              <Field label="Username" required hint="What the user types to sign in (letters, digits, . _ -).">
                <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="off" />
              </Field>
              <Field label="Display name" required>
                <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} autoComplete="off" />
              </Field>
              <Field label="Role" required>
                <RoleSelect value={role} onChange={setRole} label="Role" />
              </Field>
              <Field label="Password" required hint={`At least ${MIN_PASSWORD} characters.`}>
                <Input
                  type="password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                  autoComplete="new-password"
                />
              </Field>
              <Field
                label="Password again"
                required
                validationMessage={problem ?? undefined}
                validationState={problem ? "error" : "none"}
              >
                <Input
                  type="password"
                  value={confirm}
                  onChange={(_, d) => setConfirm(d.value)}
                  autoComplete="new-password"
                />
              </Field>
              <ErrorBar error={create.error} title="The account was not added" />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={!ready || create.isPending}
                icon={create.isPending ? <Spinner size="tiny" aria-hidden /> : undefined}
              >
                Add account
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function PasswordDialog({ account, onClose }: { account: AccountView | null; onClose: () => void }) {
  const s = useStyles();
  const update = useUpdateAccount();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const problem = password || confirm ? passwordProblem(password, confirm) : null;
  const close = () => {
    setPassword("");
    setConfirm("");
    update.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!account || !password || problem) return;
    update.mutate({ id: account.id, change: { password } }, { onSuccess: close });
  };
  return (
    <Dialog open={account !== null} onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{`Set the password of ${account?.displayName ?? ""}`}</DialogTitle>
            <DialogContent className={s.form}>
              <Text className={s.muted}>
                The account&apos;s open sessions end: it signs in again with the new password.
              </Text>
              <Field label="New password" required hint={`At least ${MIN_PASSWORD} characters.`}>
                <Input
                  type="password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                  autoComplete="new-password"
                />
              </Field>
              <Field
                label="New password again"
                required
                validationMessage={problem ?? undefined}
                validationState={problem ? "error" : "none"}
              >
                <Input
                  type="password"
                  value={confirm}
                  onChange={(_, d) => setConfirm(d.value)}
                  autoComplete="new-password"
                />
              </Field>
              <ErrorBar error={update.error} title="The password was not changed" />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={!password || !!problem || update.isPending}>
                Set password
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function AccountRow(props: {
  a: AccountView;
  self: boolean;
  onPassword: (a: AccountView) => void;
  onDelete: (a: AccountView) => void;
}) {
  const { a, self } = props;
  const s = useStyles();
  const update = useUpdateAccount();
  return (
    <TableRow data-testid={`account-row-${a.username}`}>
      <TableCell>
        {a.displayName}
        {self && <Text className={s.muted}> (you)</Text>}
      </TableCell>
      <TableCell>{a.username}</TableCell>
      <TableCell>
        {a.builtin ? (
          ROLE_LABEL[a.role]
        ) : (
          <RoleSelect
            value={a.role}
            label={`Role of ${a.username}`}
            disabled={self || update.isPending}
            onChange={(role) => update.mutate({ id: a.id, change: { role } })}
          />
        )}
      </TableCell>
      <TableCell>
        {a.disabled ? (
          <Badge color="danger">Disabled</Badge>
        ) : a.builtin ? (
          <Badge color="informative">Built-in: one click on this machine, token elsewhere</Badge>
        ) : (
          <Badge color="success">{a.hasPassword ? "Password" : "No password"}</Badge>
        )}
      </TableCell>
      <TableCell>{a.openSessions}</TableCell>
      <TableCell>
        <div className={s.actions}>
          {!a.builtin && (
            <Button size="small" onClick={() => props.onPassword(a)}>
              Set password
            </Button>
          )}
          <Button
            size="small"
            disabled={self || update.isPending}
            onClick={() => update.mutate({ id: a.id, change: { disabled: !a.disabled } })}
          >
            {a.disabled ? "Enable" : "Disable"}
          </Button>
          {!a.builtin && (
            <Button size="small" disabled={self} onClick={() => props.onDelete(a)}>
              Delete
            </Button>
          )}
        </div>
        <ErrorBar error={update.error} title={`${a.username} was not changed`} />
      </TableCell>
    </TableRow>
  );
}

/** The Admin page for local accounts: add, set passwords, change roles, disable, delete. */
export function AccountsAdmin() {
  const s = useStyles();
  const me = useCurrentUser();
  const accounts = useAccounts();
  const remove = useDeleteAccount();
  const [adding, setAdding] = useState(false);
  const [passwordFor, setPasswordFor] = useState<AccountView | null>(null);
  const [deleting, setDeleting] = useState<AccountView | null>(null);

  return (
    <section className={s.section} aria-labelledby="accounts-heading">
      <Title2 as="h1" id="accounts-heading">
        Local accounts
      </Title2>
      <Text className={s.muted}>
        Accounts of this studio. A role change counts from the user&apos;s next request; disabling or deleting an
        account, or setting its password, ends its sessions at once.
      </Text>
      {me.data?.via === "bearer" && (
        <MessageBar intent="info">
          <MessageBarBody>
            You are signed in with Microsoft; these accounts are the studio&apos;s local ones.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.actions}>
        <Button appearance="primary" onClick={() => setAdding(true)}>
          Add account
        </Button>
      </div>
      <ErrorBar error={accounts.error} title="Could not read the accounts" />
      {accounts.isPending && <Spinner size="tiny" label="Reading the accounts…" />}
      {accounts.data && (
        <Table aria-label="Local accounts">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Username</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Sign-in</TableHeaderCell>
              <TableHeaderCell>Open sessions</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {accounts.data.data.map((a) => (
              <AccountRow
                key={a.id}
                a={a}
                self={me.data?.id === a.id}
                onPassword={setPasswordFor}
                onDelete={(x) => {
                  remove.reset();
                  setDeleting(x);
                }}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <AddAccountDialog open={adding} onClose={() => setAdding(false)} />
      <PasswordDialog account={passwordFor} onClose={() => setPasswordFor(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.displayName ?? ""}?`}
        confirmLabel="Delete account"
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onCancel={() => setDeleting(null)}
      >
        {`The account "${deleting?.username ?? ""}" and its sessions are removed; its user is signed out at once.`}
      </ConfirmDialog>
    </section>
  );
}
