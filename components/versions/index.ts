export { VersionHistory } from "./VersionHistory";
export { VersionComparisonView, formatBytes } from "./VersionComparisonView";
export { VersionDetail } from "./VersionDetail";
export { VersionTimeline, formatWhen } from "./VersionTimeline";
export { MetricTrend } from "./MetricTrend";
export { TextDiff } from "./TextDiff";
export { useVersionViewState } from "./useVersionViewState";
export { EditVersionDialog } from "./EditVersionDialog";
export { TagEditor, toRows, fromRows, type TagRow } from "./TagEditor";
