"use client";
import { useState } from "react";
import dynamic from "next/dynamic";
import type { ConfirmDialogProps } from "./ConfirmDialogView";

// Fluent's Dialog comes after the page (issue 14: first-load JavaScript): no page shows a confirmation at first.
const ConfirmDialogView = dynamic(() => import("./ConfirmDialogView").then((m) => m.ConfirmDialogView), {
  ssr: false,
});

/**
 * Asks before an action that changes something; shows the action's progress and error in place. Renders nothing
 * until it is first opened, then stays mounted so it closes with its animation.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [asked, setAsked] = useState(props.open);
  if (props.open && !asked) setAsked(true);
  return asked ? <ConfirmDialogView {...props} /> : null;
}
