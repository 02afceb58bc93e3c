"use client";
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import {
  Caption1,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  Spinner,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { SearchRegular } from "@fluentui/react-icons/svg/search";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { allows } from "@/lib/domain/roles";
import { STUDIO_ACTIONS } from "@/lib/domain/studio-actions";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { STUDIO_SECTIONS } from "@/components/shell/StudioShell";
import { bestMatches, type PaletteItem, type PaletteKind } from "../model";
import { usePaletteSearch } from "../hooks";

const useStyles = makeStyles({
  surface: { maxWidth: "min(720px, 96vw)", alignSelf: "start", marginTop: "10vh" },
  list: { listStyle: "none", margin: 0, padding: 0, maxHeight: "55vh", overflowY: "auto" },
  option: {
    display: "grid",
    gridTemplateColumns: "110px 1fr",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: "pointer",
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, outline: `2px solid ${tokens.colorStrokeFocus2}` },
  kind: { color: tokens.colorNeutralForeground2, textTransform: "capitalize" },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  detail: { color: tokens.colorNeutralForeground2, display: "block" },
  status: { minHeight: "1.5em" },
});

/**
 * The palette's search: a combobox over a listbox, as WAI-ARIA's pattern says (arrows move the active option, Enter
 * opens it, Escape closes; the result count is a live status). Sections and actions are matched here, everything
 * else by the server over the cached lists.
 */
export function PaletteDialog({
  workspace,
  open,
  onOpenChange,
}: {
  workspace: WorkspaceRef;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const s = useStyles();
  const router = useRouter();
  const user = useCurrentUser();
  const role = user.data?.role ?? null;
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const search = usePaletteSearch(workspace, debounced);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(q), 120);
    return () => clearTimeout(t);
  }, [q]);

  const local = useMemo((): PaletteItem[] => {
    const base = studioPath(workspace);
    const sections = STUDIO_SECTIONS.filter((x) => !x.adminOnly || role === "Admin").map((x) => ({
      kind: "section" as PaletteKind,
      name: x.label,
      detail: "Section",
      href: `${base}/${x.segment}`,
    }));
    const actions = STUDIO_ACTIONS.filter((a) => allows(role, a.action)).map((a) => ({
      kind: "action" as PaletteKind,
      name: a.name,
      detail: a.detail,
      href: `${base}/${a.path}`,
    }));
    const text = q.trim().toLowerCase();
    return text
      ? bestMatches(
          [...actions, ...sections],
          text,
          (i) => i.name,
          () => "",
          6,
        )
      : [...actions, ...sections];
  }, [workspace, role, q]);

  const remote = q.trim() && search.data && debounced === q ? search.data.data.items : [];
  const results = [...local, ...remote];
  const unavailable = search.data?.data.unavailable ?? [];
  useEffect(() => setActive(0), [q, search.data]);

  const go = (item: PaletteItem | undefined) => {
    if (!item) return;
    onOpenChange(false);
    setQ("");
    router.push(item.href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      go(results[active]);
    }
  };
  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, listId]);

  const status = search.isError
    ? `Search failed: ${(search.error as Error).message}`
    : search.isFetching || (q.trim() && debounced !== q)
      ? "Searching…"
      : q.trim()
        ? `${results.length} result${results.length === 1 ? "" : "s"}`
        : "Type a name, or pick an action or a section.";

  return (
    <Dialog open={open} onOpenChange={(_, d) => onOpenChange(d.open)}>
      <DialogSurface className={s.surface} aria-label="Command palette">
        <DialogBody>
          <DialogTitle>Go to or do</DialogTitle>
          <DialogContent>
            <Input
              autoFocus
              value={q}
              onChange={(_, d) => setQ(d.value)}
              onKeyDown={onKeyDown}
              placeholder="Name of a compute, model, job… (model:3 for a version)"
              contentBefore={<SearchRegular />}
              role="combobox"
              aria-label="Search the workspace"
              aria-expanded={results.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={results.length ? `${listId}-${active}` : undefined}
              style={{ width: "100%" }}
            />
            <Caption1 role="status" className={s.status} data-testid="palette-status">
              {search.isFetching ? <Spinner size="extra-tiny" as="span" aria-hidden /> : null} {status}
              {unavailable.length
                ? ` (not searched: ${unavailable.map((u) => `${u.kind}s — ${u.reason}`).join("; ")})`
                : ""}
            </Caption1>
            <ul id={listId} role="listbox" aria-label="Results" className={s.list}>
              {results.map((item, n) => (
                <li
                  key={`${item.kind}:${item.href}`}
                  id={`${listId}-${n}`}
                  role="option"
                  aria-selected={n === active}
                  className={mergeClasses(s.option, n === active && s.active)}
                  onMouseEnter={() => setActive(n)}
                  onClick={() => go(item)}
                >
                  <span className={s.kind}>{item.kind}</span>
                  <span>
                    <span className={s.name}>{item.name}</span>
                    {item.detail ? <span className={s.detail}>{item.detail}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
