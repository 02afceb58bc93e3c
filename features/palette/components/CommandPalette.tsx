"use client";
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Input,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { SearchRegular } from "@fluentui/react-icons";
import { studioPath } from "@/lib/domain/arm-names";
import { allows } from "@/lib/domain/roles";
import { STUDIO_ACTIONS } from "@/lib/domain/studio-actions";
import { useWorkspaceRef } from "@/lib/client/workspace-ref";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { STUDIO_SECTIONS } from "@/components/shell/StudioShell";
import { bestMatches, type PaletteItem, type PaletteKind } from "../model";
import { usePaletteSearch } from "../hooks";

const useStyles = makeStyles({
  trigger: { color: tokens.colorNeutralForegroundOnBrand },
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

const SHORTCUTS: [string, string][] = [
  ["Ctrl+K or ⌘K", "Open the command palette"],
  ["?", "This list of shortcuts"],
  ["↑ ↓, Enter", "In the palette: move between results, open one"],
  ["Esc", "Close a dialog or the palette"],
];

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/**
 * The command palette (Ctrl+K / ⌘K, or the search button): jumps to any section, workspace, compute, datastore,
 * asset, version or job by name, searched on the server over the cached lists, and runs the common actions the
 * caller's role allows. `?` lists the keyboard shortcuts. A combobox over a listbox, as WAI-ARIA's pattern says.
 */
export function CommandPalette() {
  const s = useStyles();
  const router = useRouter();
  const ref = useWorkspaceRef();
  const user = useCurrentUser();
  const role = user.data?.role ?? null;
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const search = usePaletteSearch(ref, debounced);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(q), 120);
    return () => clearTimeout(t);
  }, [q]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "?" && !e.ctrlKey && !e.metaKey && !isTyping(e.target)) {
        e.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const local = useMemo((): PaletteItem[] => {
    if (!ref) return [];
    const base = studioPath(ref);
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
  }, [ref, role, q]);

  const remote = q.trim() && search.data && debounced === q ? search.data.data.items : [];
  const results = [...local, ...remote];
  const unavailable = search.data?.data.unavailable ?? [];
  useEffect(() => setActive(0), [q, search.data]);

  const go = (item: PaletteItem | undefined) => {
    if (!item) return;
    setOpen(false);
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

  if (!ref) return null;
  const status = search.isError
    ? `Search failed: ${(search.error as Error).message}`
    : search.isFetching || (q.trim() && debounced !== q)
      ? "Searching…"
      : q.trim()
        ? `${results.length} result${results.length === 1 ? "" : "s"}`
        : "Type a name, or pick an action or a section.";

  return (
    <>
      <Tooltip content="Search and actions (Ctrl+K)" relationship="description">
        <Button
          appearance="transparent"
          className={s.trigger}
          icon={<SearchRegular />}
          onClick={() => setOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
        >
          Search
        </Button>
      </Tooltip>
      <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
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
                {search.isFetching ? <Spinner size="extra-tiny" as="span" /> : null} {status}
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
      <Dialog open={help} onOpenChange={(_, d) => setHelp(d.open)}>
        <DialogSurface aria-label="Keyboard shortcuts">
          <DialogBody>
            <DialogTitle>Keyboard shortcuts</DialogTitle>
            <DialogContent>
              <Table size="small" aria-label="Keyboard shortcuts">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Keys</TableHeaderCell>
                    <TableHeaderCell>What they do</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {SHORTCUTS.map(([keys, what]) => (
                    <TableRow key={keys}>
                      <TableCell>
                        <kbd>{keys}</kbd>
                      </TableCell>
                      <TableCell>{what}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </DialogContent>
            {/* Something to focus inside: a modal with nothing focusable left Tabster treating the surface itself
                as outside it, hidden from screen readers (aria-hidden on the open dialog). */}
            <DialogActions>
              <DialogTrigger disableButtonEnhancement action="close">
                <Button appearance="primary">Close</Button>
              </DialogTrigger>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
