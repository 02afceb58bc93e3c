"use client";
import {
  Avatar,
  Badge,
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { CurrentUser } from "@/lib/client/auth";
import { useSignOut } from "@/components/auth/useCurrentUser";

const useStyles = makeStyles({
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
});

/** The signed-in user in the top bar: name and role, and a menu with the username and Sign out. */
export function UserMenu({ user }: { user: CurrentUser }) {
  const s = useStyles();
  const signOut = useSignOut();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="transparent" className={s.onBrand} icon={<Avatar name={user.name} size={24} aria-hidden />}>
          {/* Said, not shown: the name must contain the visible text (WCAG 2.5.3, label in name). */}
          <span className="visually-hidden">Signed in as </span>
          {user.name}{" "}
          <Badge appearance="tint" style={{ marginLeft: 6 }}>
            {user.role}
          </Badge>
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem disabled>{user.username}</MenuItem>
          <MenuItem onClick={() => signOut()}>Sign out</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
