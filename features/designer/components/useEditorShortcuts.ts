"use client";
import { useEffect } from "react";

/** The editor's keyboard shortcuts (not while typing in a field): undo, redo, copy, paste, save, layout. */
export function useEditorShortcuts({
  readOnly,
  undo,
  redo,
  copy,
  paste,
  save,
  layout,
}: {
  readOnly: boolean;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  save(): void;
  layout(): void;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === "z" && !e.shiftKey && !readOnly) undo();
      else if (mod && ((k === "z" && e.shiftKey) || k === "y") && !readOnly) redo();
      else if (mod && k === "c") copy();
      else if (mod && k === "v") paste();
      else if (mod && k === "s") save();
      else if (e.altKey && k === "l" && !readOnly) layout();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, undo, redo, copy, paste, save, layout]);
}
