/** Studio roles, ordered: each role includes every role before it. */
export const ROLES = ["Reader", "DataScientist", "Admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a route may do; each action needs at least the role it maps to. */
export const ACTION_MIN_ROLE = {
  "workspace.read": "Reader",
  /**
   * Creating a workspace: the upstream decides as well, like ARM (the embedded default lets only Admin create;
   * in Azure whoever may write Microsoft.MachineLearningServices/workspaces in the resource group).
   */
  "workspace.create": "DataScientist",
  /** Editing (display name, description, tags) and deleting a workspace. */
  "workspace.write": "DataScientist",
  "compute.read": "Reader",
  "compute.write": "DataScientist",
  "quota.read": "Admin",
  "quota.write": "Admin",
  "datastore.read": "Reader",
  "datastore.write": "DataScientist",
  "data.read": "Reader",
  "data.write": "DataScientist",
  "model.read": "Reader",
  "model.write": "DataScientist",
  "environment.read": "Reader",
  "environment.write": "DataScientist",
  "component.read": "Reader",
  "component.write": "DataScientist",
  "pipeline.read": "Reader",
  "pipeline.write": "DataScientist",
  "job.read": "Reader",
  "job.write": "DataScientist",
  /** Lineage spans every kind: reading it needs what reading any of them needs. */
  "lineage.read": "Reader",
  /** The command palette searches every kind's cached list; each list still answers only what the caller may read. */
  "search.read": "Reader",
  /** Local accounts: add, set passwords and roles, disable, delete (features/accounts). */
  "accounts.manage": "Admin",
} as const satisfies Record<string, Role>;
export type Action = keyof typeof ACTION_MIN_ROLE;

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The highest role among those a token or session carries; unknown names are ignored. */
export function highestRole(roles: readonly string[]): Role | null {
  let best: Role | null = null;
  for (const r of roles) {
    if ((ROLES as readonly string[]).includes(r) && (best === null || roleRank(r as Role) > roleRank(best)))
      best = r as Role;
  }
  return best;
}

export function allows(role: Role | null, action: Action): boolean {
  return role !== null && roleRank(role) >= roleRank(ACTION_MIN_ROLE[action]);
}
