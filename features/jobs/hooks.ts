"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { getAuthHeaders } from "@/lib/client/auth";
import { queryKeys } from "@/lib/client/query-keys";
import { readServerSentEvents } from "@/lib/client/sse";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { isActive, type JobAnswerData, type JobSummary } from "./model";
import { packGraph, unpackGraph, type PackedGraph, type PipelineGraph } from "@/lib/domain/pipeline";
import type { MetricSeries } from "./server/jobs";
import type { SubmittedJob } from "./server/submit";
import type { SubmitJobFileBody } from "./server/job-files";

/** While anything runs the pages follow it closely; otherwise they look again now and then. */
const LIVE_POLL_MS = 1_000;
const IDLE_POLL_MS = 15_000;

export function useJobs(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.jobs(ref),
    queryFn: () => apiFetch<Cached<JobSummary[]>>(`${apiPath(ref)}/jobs`),
    refetchInterval: (q) => (q.state.data?.data.some((j) => isActive(j.status)) ? 2_000 : IDLE_POLL_MS),
  });
}

/** What a job page rendered on the server with: the job's answer and, on the graph tab, the packed graph. */
export interface JobPageSeed {
  job: JobAnswer;
  graph: Cached<PackedGraph> | null;
  /**
   * The job holds only what a pipeline's graph paints first (graphTabSeed: no step definitions; each step's history,
   * log path and dependencies empty): placeholder data while the browser reads the whole job.
   */
  partial?: boolean;
}
type JobAnswer = { data: JobAnswerData };

export function useJob(ref: WorkspaceRef, name: string, initial?: JobAnswer, partial = false) {
  return useQuery({
    queryKey: queryKeys.job(ref, name),
    queryFn: () => apiFetch<JobAnswer>(`${apiPath(ref)}/jobs/${encodeURIComponent(name)}`),
    // A partial seed is placeholder data, never cached as the job: the query reads the whole job at once.
    ...(partial ? { placeholderData: initial } : { initialData: initial }),
    // The server's whole answer is as fresh as a poll: not fetched again the moment the page mounts (a 1,000-step
    // job is 600 KB), only when the poll comes round.
    staleTime: LIVE_POLL_MS,
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data.data.job.status) ? IDLE_POLL_MS : LIVE_POLL_MS),
  });
}

export function useJobGraph(ref: WorkspaceRef, name: string, enabled: boolean, initial?: Cached<PackedGraph> | null) {
  // Unpacked once per seed, not on every render of the page that holds it.
  const seed = useMemo(() => (initial ? unpackGraph(initial.data) : undefined), [initial]);
  return useQuery({
    queryKey: queryKeys.jobGraph(ref, name),
    queryFn: async () =>
      unpackGraph((await apiFetch<Cached<PackedGraph>>(`${apiPath(ref)}/jobs/${encodeURIComponent(name)}/graph`)).data),
    enabled,
    initialData: seed,
    staleTime: Infinity,
  });
}

export function useJobMetrics(ref: WorkspaceRef, name: string, run: string, live: boolean) {
  return useQuery({
    queryKey: queryKeys.jobMetrics(ref, name, run),
    queryFn: () =>
      apiFetch<{ data: MetricSeries[] }>(
        `${apiPath(ref)}/jobs/${encodeURIComponent(name)}/metrics?run=${encodeURIComponent(run)}`,
      ),
    refetchInterval: live ? 2_000 : false,
  });
}

export function useJobAction(ref: WorkspaceRef, name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: "cancel" | "rerun" | "clone") =>
      apiFetch<{ data: { name?: string; draftId?: string; status?: string } }>(
        `${apiPath(ref)}/jobs/${encodeURIComponent(name)}/${action}`,
        { method: "POST" },
      ),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: queryKeys.jobs(ref) });
      qc.invalidateQueries({ queryKey: queryKeys.job(ref, name) });
    },
  });
}

export type LogState = {
  text: string;
  status: string | null;
  ended: boolean;
  error: string | null;
  connected: boolean;
};

/**
 * Follows a run's log over the studio's Server-Sent Events route, read with fetch (so the same auth headers as
 * every other call go along); reconnects from the last offset if the connection drops before the run ends.
 */
export function useLogStream(ref: WorkspaceRef, job: string, step: string | null): LogState {
  const [state, setState] = useState<LogState>({ text: "", status: null, ended: false, error: null, connected: false });
  const offsetRef = useRef(0);
  // A string, unlike the ref object (rebuilt on every render): the stream restarts only when the workspace changes.
  const base = apiPath(ref);
  useEffect(() => {
    offsetRef.current = 0;
    setState({ text: "", status: null, ended: false, error: null, connected: false });
    const abort = new AbortController();
    let ended = false;
    const run = async () => {
      for (let attempt = 0; !ended && !abort.signal.aborted && attempt < 30; attempt++) {
        try {
          const q = new URLSearchParams({ from: String(offsetRef.current), ...(step ? { step } : {}) });
          const res = await fetch(`${base}/jobs/${encodeURIComponent(job)}/logs?${q}`, {
            headers: { Accept: "text/event-stream", ...(await getAuthHeaders()) },
            signal: abort.signal,
            credentials: "same-origin",
          });
          if (!res.ok || !res.body) {
            const body = await res.json().catch(() => null);
            setState((s) => ({ ...s, error: body?.error?.message ?? `The log could not be read (${res.status}).` }));
            return;
          }
          setState((s) => ({ ...s, connected: true, error: null }));
          await readServerSentEvents(res.body, (event, data) => {
            const payload = JSON.parse(data);
            if (event === "message") {
              offsetRef.current = payload.offset;
              setState((s) => ({ ...s, text: s.text + payload.text }));
            } else if (event === "status") setState((s) => ({ ...s, status: payload.status }));
            else if (event === "end") {
              ended = true;
              setState((s) => ({ ...s, ended: true, status: payload.status, connected: false }));
            } else if (event === "failure") setState((s) => ({ ...s, error: payload.message }));
          });
        } catch (e) {
          if ((e as Error).name === "AbortError") return;
        }
        setState((s) => ({ ...s, connected: false }));
        if (!ended) await new Promise((r) => setTimeout(r, 1000));
      }
    };
    void run();
    return () => abort.abort();
  }, [base, job, step]);
  return state;
}

/** Submits a designer graph as a pipeline job; the jobs list refreshes after it. */
export function useSubmitPipeline(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ graph, experimentName }: { graph: PipelineGraph; experimentName?: string }) =>
      apiFetch<{ data: SubmittedJob }>(`${apiPath(ref)}/pipeline-jobs`, {
        method: "POST",
        body: { graph: packGraph(graph), ...(experimentName ? { experimentName } : {}) },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.jobs(ref) }),
  });
}

/** Submits a CLI v2 command job file; the jobs list refreshes after. */
export function useSubmitCommandJob(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitJobFileBody) =>
      apiFetch<{ data: SubmittedJob }>(`${apiPath(ref)}/job-files`, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.jobs(ref) }),
  });
}

/** Each compared job's detail and its own run's metrics (one query per job, shared with the job pages' cache). */
export function useComparedJobs(ref: WorkspaceRef, names: string[]) {
  const details = useQueries({
    queries: names.map((name) => ({
      queryKey: queryKeys.job(ref, name),
      queryFn: () => apiFetch<JobAnswer>(`${apiPath(ref)}/jobs/${encodeURIComponent(name)}`),
    })),
  });
  const metrics = useQueries({
    queries: names.map((name) => ({
      queryKey: queryKeys.jobMetrics(ref, name, name),
      queryFn: () =>
        apiFetch<{ data: MetricSeries[] }>(
          `${apiPath(ref)}/jobs/${encodeURIComponent(name)}/metrics?run=${encodeURIComponent(name)}`,
        ),
    })),
  });
  return { details, metrics };
}
