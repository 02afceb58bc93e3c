"use client";
import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { Badge, Button, Tooltip } from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { CopyRegular } from "@fluentui/react-icons/svg/copy";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { isCuratedName } from "@/lib/domain/environment-spec";
import { allows } from "@/lib/domain/roles";
import { nextVersionLabel, sortVersionsNewestFirst, type VersionHistorySeed } from "@/lib/domain/versions";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { AssetDetailFrame, type NodePanel } from "@/components/assets/AssetDetailFrame";
import { useVersionViewState } from "@/components/versions";
import { useEnvironmentContexts, useEnvironmentVersions, useUpdateEnvironmentVersion } from "../hooks";
import { BuildPanel } from "./BuildPanel";
import type { EnvironmentDraft } from "./CreateEnvironmentDialog";

// Opened by its buttons only: its conda editor (CodeMirror) and Dockerfile fields come after the page.
const CreateEnvironmentDialog = dynamic(
  () => import("./CreateEnvironmentDialog").then((m) => m.CreateEnvironmentDialog),
  { ssr: false },
);

/** One environment: version history (image, conda YAML, Dockerfile and build context compared), builds and logs. */
export function EnvironmentDetail({
  workspace,
  name,
  lineage: Lineage,
  seed,
}: {
  workspace: WorkspaceRef;
  name: string;
  /** Composed by the page: adds a Lineage tab. */
  lineage?: NodePanel;
  /** The first page (and the versions the link names) the page rendered on the server with. */
  seed?: VersionHistorySeed | null;
}) {
  const router = useRouter();
  const curated = isCuratedName(name);
  const versions = useEnvironmentVersions(workspace, name, seed);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "environment.write") && !curated;
  const why = curated
    ? "Curated environments are maintained by Azure Machine Learning and are read-only."
    : user.data
      ? `Your role (${user.data.role}) can read environments but not change them.`
      : "";
  const update = useUpdateEnvironmentVersion(workspace);
  const { state, update: setView } = useVersionViewState();
  const [creating, setCreating] = useState<{ draft?: EnvironmentDraft; asNew?: boolean } | null>(null);

  const list = useMemo(() => sortVersionsNewestFirst(versions.data?.data ?? []), [versions.data]);
  const onScreen = useMemo(() => {
    if (state.compare) return state.compare.filter((v) => list.some((x) => x.version === v));
    const sel = state.version && list.some((x) => x.version === state.version) ? state.version : list[0]?.version;
    return sel ? [sel] : [];
  }, [state.compare, state.version, list]);
  const contextVersions = onScreen.filter(
    (v) => list.find((x) => x.version === v)?.contents.fields["build.contextUri"],
  );
  const contexts = useEnvironmentContexts(workspace, name, contextVersions);
  const enriched = useMemo(
    () =>
      list.map((v) => {
        const i = contextVersions.indexOf(v.version);
        const c = i >= 0 ? contexts[i]?.data?.data : undefined;
        if (!c) return v;
        const docs = [
          ...(v.contents.documents ?? []),
          ...(c.dockerfile !== null
            ? [{ name: c.dockerfilePath, language: "dockerfile" as const, text: c.dockerfile }]
            : []),
        ];
        return { ...v, contents: { ...v.contents, files: c.files, documents: docs } };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [list, contextVersions.join(","), contexts.map((c) => c.dataUpdatedAt).join(",")],
  );
  const latest = list[0];
  const base = `${studioPath(workspace)}/environments`;

  const header = {
    list: { href: base, label: "Environments" },
    latestVersion: latest?.version,
    badges: curated ? (
      <Badge appearance="tint" color="brand">
        curated
      </Badge>
    ) : null,
    actions: curated ? (
      <Tooltip
        content="Start your own environment from this curated one's image and conda file"
        relationship="description"
      >
        <Button
          icon={<CopyRegular />}
          disabledFocusable={!latest || !allows(user.data?.role ?? null, "environment.write")}
          onClick={() =>
            latest &&
            setCreating({
              asNew: true,
              draft: {
                image: latest.contents.fields.image,
                condaFile: latest.contents.documents?.find((d) => d.name === "conda.yaml")?.text,
              },
            })
          }
        >
          Create from this
        </Button>
      </Tooltip>
    ) : (
      <Tooltip
        content={canWrite ? "Starts from the latest version's image and conda file" : why}
        relationship="description"
      >
        <Button
          appearance="primary"
          icon={<AddRegular />}
          disabledFocusable={!canWrite || !versions.data}
          onClick={() =>
            setCreating({
              draft: latest
                ? {
                    image: latest.contents.fields.image,
                    condaFile: latest.contents.documents?.find((d) => d.name === "conda.yaml")?.text,
                    description: latest.description,
                    tags: latest.tags,
                  }
                : undefined,
            })
          }
        >
          New version
        </Button>
      </Tooltip>
    ),
  };

  return (
    <>
      <AssetDetailFrame
        kind="environment"
        name={name}
        versions={versions}
        shown={enriched}
        access={{ canWrite, reason: why }}
        header={header}
        patch={{
          run: (version, body) =>
            update.mutateAsync({
              name,
              version,
              body: { description: body.description, tags: body.tags, archived: body.archived },
            }),
          pending: update.isPending,
          error: update.error,
          reset: update.reset,
        }}
        renderDetail={(v) => <BuildPanel workspace={workspace} name={name} version={v.version} />}
        lineage={Lineage ? (v) => <Lineage workspace={workspace} node={`environment:${name}:${v}`} /> : undefined}
      />
      {creating ? (
        <CreateEnvironmentDialog
          workspace={workspace}
          name={creating.asNew ? undefined : name}
          nextVersion={creating.asNew ? "1" : nextVersionLabel(list)}
          draft={creating.draft}
          onClose={() => setCreating(null)}
          onCreated={(created, version) => {
            setCreating(null);
            if (created !== name)
              router.push(`${base}/${encodeURIComponent(created)}?version=${encodeURIComponent(version)}`);
            else setView({ version, compare: null, diffOnly: false }, { push: true });
          }}
        />
      ) : null}
    </>
  );
}
