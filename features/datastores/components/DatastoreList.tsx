"use client";
import { useState } from "react";
import Link from "next/link";
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { EditRegular } from "@fluentui/react-icons/svg/edit";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { CredentialsType, DatastoreType, DatastoreView } from "@/lib/domain/datastores";
import { DATASTORE_NAME_RE } from "@/lib/domain/storage-names";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { useDatastores, useDeleteDatastore, useSaveDatastore } from "../hooks";
import type { DatastoreBody } from "../server/schemas";

const useStyles = makeStyles({
  header: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    flexWrap: "wrap",
    marginBottom: tokens.spacingVerticalM,
  },
  grow: { flexGrow: 1 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const AUTH_LABEL: Record<CredentialsType, string> = {
  AccountKey: "Account key",
  Sas: "SAS token",
  ServicePrincipal: "Service principal",
  Certificate: "Certificate",
  None: "Identity-based",
};
const CONTAINER_LABEL: Record<DatastoreType, string> = {
  AzureBlob: "Container",
  AzureFile: "File share",
  AzureDataLakeGen2: "Filesystem",
  AzureDataLakeGen1: "Store name",
};

export function DatastoreList({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const list = useDatastores(workspace);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "datastore.write");
  const readOnly = user.data
    ? `Your role (${user.data.role}) can browse datastores but not register or change them.`
    : "";
  const [editing, setEditing] = useState<DatastoreView | "new" | null>(null);
  const [removing, setRemoving] = useState<DatastoreView | null>(null);
  const del = useDeleteDatastore(workspace);
  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">Datastores</Title2>
        <CacheStatus cache={list.data?.cache} />
        <span className={s.grow} />
        <Tooltip
          content={canWrite ? "Register a storage container, share or filesystem" : readOnly}
          relationship="description"
        >
          <Button
            appearance="primary"
            icon={<AddRegular />}
            disabledFocusable={!canWrite}
            onClick={() => setEditing("new")}
          >
            Register datastore
          </Button>
        </Tooltip>
      </div>
      <ErrorBar error={list.error} title="Cannot list datastores" />
      {list.isLoading ? <Spinner label="Loading datastores…" /> : null}
      {list.data ? (
        <Table aria-label="Datastores">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Account</TableHeaderCell>
              <TableHeaderCell>Container / share</TableHeaderCell>
              <TableHeaderCell>Authentication</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.data.map((d) => (
              <TableRow key={d.name} data-testid={`datastore-row-${d.name}`}>
                <TableCell>
                  {d.browsable ? (
                    <Link href={`${studioPath(workspace)}/datastores/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  ) : (
                    <Tooltip content="Data Lake Gen1 is retired and cannot be browsed" relationship="description">
                      <span>{d.name}</span>
                    </Tooltip>
                  )}{" "}
                  {d.isDefault ? (
                    <Badge appearance="tint" color="brand">
                      default
                    </Badge>
                  ) : null}
                  {d.description ? <Caption1 block>{d.description}</Caption1> : null}
                </TableCell>
                <TableCell>{d.type}</TableCell>
                <TableCell>{d.accountName ?? "—"}</TableCell>
                <TableCell>{d.container ?? "—"}</TableCell>
                <TableCell>{AUTH_LABEL[d.credentialsType] ?? d.credentialsType}</TableCell>
                <TableCell>
                  <Tooltip content={canWrite ? `Edit ${d.name}` : readOnly} relationship="label">
                    <Button
                      appearance="subtle"
                      icon={<EditRegular />}
                      disabledFocusable={!canWrite}
                      onClick={() => setEditing(d)}
                    />
                  </Tooltip>
                  <Tooltip
                    content={
                      !canWrite
                        ? readOnly
                        : d.isDefault
                          ? "The default datastore cannot be unregistered"
                          : `Unregister ${d.name}`
                    }
                    relationship="label"
                  >
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      disabledFocusable={!canWrite || d.isDefault}
                      onClick={() => setRemoving(d)}
                    />
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {editing ? (
        <DatastoreDialog
          workspace={workspace}
          existing={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        open={!!removing}
        title="Unregister datastore"
        confirmLabel="Unregister"
        danger
        pending={del.isPending}
        error={del.error}
        onCancel={() => {
          setRemoving(null);
          del.reset();
        }}
        onConfirm={() => removing && del.mutate(removing.name, { onSuccess: () => setRemoving(null) })}
      >
        Unregister {removing?.name}? The data in storage stays; only the registration goes.
      </ConfirmDialog>
    </div>
  );
}

/** Register or edit. Secret fields are write-only: they start empty, and left empty on edit keep the stored secret. */
function DatastoreDialog({
  workspace,
  existing,
  onClose,
}: {
  workspace: WorkspaceRef;
  existing: DatastoreView | null;
  onClose: () => void;
}) {
  const s = useStyles();
  const save = useSaveDatastore(workspace);
  const [name, setName] = useState(existing?.name ?? "");
  const [type, setType] = useState<DatastoreType>(existing?.type ?? "AzureBlob");
  const [account, setAccount] = useState(existing?.accountName ?? "");
  const [container, setContainer] = useState(existing?.container ?? "");
  const [endpoint, setEndpoint] = useState(existing?.endpoint ?? "");
  const [auth, setAuth] = useState<"AccountKey" | "Sas" | "ServicePrincipal" | "None">(
    (existing?.credentialsType as "AccountKey") ?? "AccountKey",
  );
  const [secret, setSecret] = useState("");
  const [clientId, setClientId] = useState(existing?.clientId ?? "");
  const [tenantId, setTenantId] = useState(existing?.tenantId ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const keepSecret = !!existing && existing.credentialsType === auth;
  const needsSecret = auth !== "None" && !keepSecret;

  const body = (): DatastoreBody => {
    const credentials =
      auth === "AccountKey"
        ? { type: auth, ...(secret ? { key: secret } : {}) }
        : auth === "Sas"
          ? { type: auth, ...(secret ? { sasToken: secret } : {}) }
          : auth === "ServicePrincipal"
            ? { type: auth, clientId, tenantId, ...(secret ? { clientSecret: secret } : {}) }
            : { type: "None" as const };
    const common = { credentials, ...(description ? { description } : {}) };
    const ep = endpoint ? { endpoint, protocol: /:\d+$/.test(endpoint) ? ("http" as const) : ("https" as const) } : {};
    if (type === "AzureBlob") return { ...common, ...ep, type, accountName: account, containerName: container };
    if (type === "AzureFile") return { ...common, ...ep, type, accountName: account, fileShareName: container };
    if (type === "AzureDataLakeGen2") return { ...common, ...ep, type, accountName: account, filesystem: container };
    return { ...common, type, storeName: container };
  };
  const nameProblem = name && !DATASTORE_NAME_RE.test(name) ? "Letters, digits and underscores only." : undefined;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ name, body: body(), mode: existing ? "update" : "create" }, { onSuccess: onClose });
          }}
        >
          <DialogBody>
            <DialogTitle>{existing ? `Edit ${existing.name}` : "Register datastore"}</DialogTitle>
            <DialogContent className={s.form}>
              <Field label="Name" required validationMessage={nameProblem}>
                <Input value={name} onChange={(_, d) => setName(d.value)} disabled={!!existing} />
              </Field>
              <Field label="Type">
                <Dropdown
                  value={type}
                  selectedOptions={[type]}
                  disabled={!!existing}
                  onOptionSelect={(_, d) => setType(d.optionValue as DatastoreType)}
                >
                  {(["AzureBlob", "AzureDataLakeGen2", "AzureFile", "AzureDataLakeGen1"] as const).map((t) => (
                    <Option key={t} value={t}>
                      {t}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              {type !== "AzureDataLakeGen1" ? (
                <Field label="Storage account" required>
                  <Input value={account} onChange={(_, d) => setAccount(d.value)} />
                </Field>
              ) : null}
              <Field label={CONTAINER_LABEL[type]} required>
                <Input value={container} onChange={(_, d) => setContainer(d.value)} />
              </Field>
              {type !== "AzureDataLakeGen1" ? (
                <Field label="Endpoint" hint="core.windows.net for public Azure; host:port for an emulator.">
                  <Input value={endpoint} onChange={(_, d) => setEndpoint(d.value)} placeholder="core.windows.net" />
                </Field>
              ) : null}
              <Field label="Authentication">
                <Dropdown
                  value={AUTH_LABEL[auth]}
                  selectedOptions={[auth]}
                  onOptionSelect={(_, d) => {
                    setAuth(d.optionValue as typeof auth);
                    setSecret("");
                  }}
                >
                  <Option value="AccountKey">Account key</Option>
                  <Option value="Sas">SAS token</Option>
                  <Option value="ServicePrincipal">Service principal</Option>
                  <Option value="None">Identity-based (no secret)</Option>
                </Dropdown>
              </Field>
              {auth === "ServicePrincipal" ? (
                <>
                  <Field label="Tenant ID" required>
                    <Input value={tenantId} onChange={(_, d) => setTenantId(d.value)} />
                  </Field>
                  <Field label="Client ID" required>
                    <Input value={clientId} onChange={(_, d) => setClientId(d.value)} />
                  </Field>
                </>
              ) : null}
              {auth !== "None" ? (
                <Field
                  label={auth === "AccountKey" ? "Account key" : auth === "Sas" ? "SAS token" : "Client secret"}
                  required={needsSecret}
                  hint={
                    keepSecret
                      ? "Stored and never shown. Leave empty to keep it."
                      : "Write-only: it is stored with the datastore and never shown again."
                  }
                >
                  <Input type="password" value={secret} onChange={(_, d) => setSecret(d.value)} autoComplete="off" />
                </Field>
              ) : null}
              <Field label="Description">
                <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
              </Field>
              <ErrorBar
                error={save.error}
                title={existing ? "Could not save the datastore" : "Could not register the datastore"}
              />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                appearance="primary"
                type="submit"
                disabled={!name || !!nameProblem || !container || (needsSecret && !secret) || save.isPending}
              >
                {existing ? "Save" : "Register"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
