"use client";
import type { ReactElement } from "react";
import { BoxRegular } from "@fluentui/react-icons/svg/box";
import { BrainCircuitRegular } from "@fluentui/react-icons/svg/brain-circuit";
import { CodeRegular } from "@fluentui/react-icons/svg/code";
import { DatabaseRegular } from "@fluentui/react-icons/svg/database";
import { FlowRegular } from "@fluentui/react-icons/svg/flow";
import { FolderRegular } from "@fluentui/react-icons/svg/folder";
import { GlobeRegular } from "@fluentui/react-icons/svg/globe";
import { PuzzlePieceRegular } from "@fluentui/react-icons/svg/puzzle-piece";
import { QuestionCircleRegular } from "@fluentui/react-icons/svg/question-circle";
import { TaskListLtrRegular } from "@fluentui/react-icons/svg/task-list-ltr";
import type { NodeKind } from "@/lib/domain/lineage";

/**
 * How each kind looks: an icon and a word on every node, so a kind is told at a glance without relying on the
 * colour (which only repeats what the icon and word say).
 */
export const KIND_LOOK: Record<NodeKind, { label: string; color: string; icon: ReactElement }> = {
  job: { label: "Job", color: "#0f6cbd", icon: <FlowRegular aria-hidden /> },
  step: { label: "Step", color: "#4f6bed", icon: <TaskListLtrRegular aria-hidden /> },
  data: { label: "Data", color: "#107c10", icon: <DatabaseRegular aria-hidden /> },
  model: { label: "Model", color: "#8764b8", icon: <BrainCircuitRegular aria-hidden /> },
  environment: { label: "Environment", color: "#ca5010", icon: <BoxRegular aria-hidden /> },
  component: { label: "Component", color: "#038387", icon: <PuzzlePieceRegular aria-hidden /> },
  code: { label: "Code", color: "#5c2e91", icon: <CodeRegular aria-hidden /> },
  path: { label: "Datastore path", color: "#605e5c", icon: <FolderRegular aria-hidden /> },
  external: { label: "Outside the workspace", color: "#8a8886", icon: <GlobeRegular aria-hidden /> },
  unknown: { label: "Unknown origin", color: "#a4262c", icon: <QuestionCircleRegular aria-hidden /> },
};
