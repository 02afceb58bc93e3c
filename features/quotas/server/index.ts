// The quotas feature's server surface.
export { getFamilyQuotas, listQuotaAudit, updateWorkspaceQuota } from "./quotas";
