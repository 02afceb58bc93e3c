"use client";
import { useEffect, useState } from "react";
import { useSearchParams } from "next/navigation";

/**
 * Whether the page was opened to do something (`?do=<name>`, the command palette's actions). The parameter is
 * dropped from the address at once, so a reload or a shared link does not do it again.
 */
export function useRequestedAction(name: string): boolean {
  const params = useSearchParams();
  const [requested] = useState(() => params.get("do") === name);
  useEffect(() => {
    if (!requested) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("do");
    window.history.replaceState(window.history.state, "", url);
  }, [requested]);
  return requested;
}
