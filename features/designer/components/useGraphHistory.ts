"use client";
import { useCallback, useRef, useState } from "react";
import type { PipelineGraph } from "@/lib/domain/pipeline";

const LIMIT = 200;

/**
 * The editor's graph with undo and redo: every change is a new immutable graph, so history is a list of
 * snapshots (structural sharing keeps them cheap). `replace` starts over (a draft was opened or reloaded).
 */
export function useGraphHistory(initial: PipelineGraph) {
  const [state, setState] = useState({ past: [] as PipelineGraph[], present: initial, future: [] as PipelineGraph[] });
  const ref = useRef(state);
  ref.current = state;

  const apply = useCallback((change: (g: PipelineGraph) => PipelineGraph) => {
    setState((s) => {
      const next = change(s.present);
      if (next === s.present) return s;
      return { past: [...s.past, s.present].slice(-LIMIT), present: next, future: [] };
    });
  }, []);
  const undo = useCallback(
    () =>
      setState((s) =>
        s.past.length
          ? { past: s.past.slice(0, -1), present: s.past[s.past.length - 1], future: [s.present, ...s.future] }
          : s,
      ),
    [],
  );
  const redo = useCallback(
    () =>
      setState((s) =>
        s.future.length ? { past: [...s.past, s.present], present: s.future[0], future: s.future.slice(1) } : s,
      ),
    [],
  );
  const replace = useCallback((g: PipelineGraph) => setState({ past: [], present: g, future: [] }), []);
  return {
    graph: state.present,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    apply,
    undo,
    redo,
    replace,
    current: () => ref.current.present,
  };
}
