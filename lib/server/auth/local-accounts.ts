import type { Role } from "@/lib/domain/roles";

/** A built-in account of a local studio: one-click sign-in from loopback, the sign-in token from anywhere else (docs/auth.md). */
export type LocalAccount = {
  /** What the sign-in form posts (`reader`, `scientist`, `admin`). */
  account: string;
  /** Stable object id, used as `oid` in the tokens minted for the local workspace service. */
  id: string;
  name: string;
  username: string;
  role: Role;
  description: string;
};

export const LOCAL_ACCOUNTS: readonly LocalAccount[] = [
  {
    account: "reader",
    id: "00000000-0000-4000-a000-000000000001",
    name: "Riley Reader",
    username: "reader@ml-studio.local",
    role: "Reader",
    description: "Reader: sees workspaces, computes and jobs; changes nothing.",
  },
  {
    account: "scientist",
    id: "00000000-0000-4000-a000-000000000002",
    name: "Dana Scientist",
    username: "scientist@ml-studio.local",
    role: "DataScientist",
    description: "Data scientist: everything a reader can, plus creating, starting, stopping and deleting computes.",
  },
  {
    account: "admin",
    id: "00000000-0000-4000-a000-000000000003",
    name: "Ada Admin",
    username: "admin@ml-studio.local",
    role: "Admin",
    description: "Admin: everything a data scientist can, plus reading and changing quotas.",
  },
];

export function findLocalAccount(account: string): LocalAccount | undefined {
  return LOCAL_ACCOUNTS.find((a) => a.account === account);
}

export function findLocalAccountById(id: string): LocalAccount | undefined {
  return LOCAL_ACCOUNTS.find((a) => a.id === id);
}
