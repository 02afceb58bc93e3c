"use client";
import { useEffect, useState } from "react";
import dynamic from "next/dynamic";
import { Button, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { SearchRegular } from "@fluentui/react-icons/svg/search";
import { useWorkspaceRef } from "@/lib/client/workspace-ref";

// The dialogs come after the page (issue 14: first-load JavaScript): the shell shows only the Search button. Their
// code is fetched when the browser is first idle, so Ctrl+K finds it there; a key pressed sooner fetches it then.
const loadPaletteDialog = () => import("./PaletteDialog").then((m) => m.PaletteDialog);
const loadShortcutsDialog = () => import("./ShortcutsDialog").then((m) => m.ShortcutsDialog);
const PaletteDialog = dynamic(loadPaletteDialog, { ssr: false });
const ShortcutsDialog = dynamic(loadShortcutsDialog, { ssr: false });

const useStyles = makeStyles({
  trigger: { color: tokens.colorNeutralForegroundOnBrand },
});

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/**
 * The command palette (Ctrl+K / ⌘K, or the search button): jumps to any section, workspace, compute, datastore,
 * asset, version or job by name, searched on the server over the cached lists, and runs the common actions the
 * caller's role allows. `?` lists the keyboard shortcuts.
 */
export function CommandPalette() {
  const s = useStyles();
  const ref = useWorkspaceRef();
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState(false);
  // Once the dialogs' code is here they stay mounted (closed), so opening one again costs no loading.
  const [loaded, setLoaded] = useState(false);

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

  useEffect(() => {
    const preload = () => {
      void Promise.all([loadPaletteDialog(), loadShortcutsDialog()]).then(() => setLoaded(true));
    };
    // Safari has no requestIdleCallback: a short timeout stands in.
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(preload, { timeout: 3_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(preload, 1_000);
    return () => clearTimeout(id);
  }, []);

  if (!ref) return null;
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
      {loaded || open ? <PaletteDialog workspace={ref} open={open} onOpenChange={setOpen} /> : null}
      {loaded || help ? <ShortcutsDialog open={help} onOpenChange={setHelp} /> : null}
    </>
  );
}
