"use client";
import Link from "next/link";
import dynamic from "next/dynamic";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ComponentProps, type ReactNode } from "react";
import {
  Button,
  Dropdown,
  Option,
  Text,
  Tooltip,
  Spinner,
  makeStyles,
  tokens,
  mergeClasses,
} from "@fluentui/react-components";
import { BeakerRegular } from "@fluentui/react-icons/svg/beaker";
import { BoxRegular } from "@fluentui/react-icons/svg/box";
import { CubeRegular } from "@fluentui/react-icons/svg/cube";
import { DatabaseRegular } from "@fluentui/react-icons/svg/database";
import { DocumentTableRegular } from "@fluentui/react-icons/svg/document-table";
import { FlowchartRegular } from "@fluentui/react-icons/svg/flowchart";
import { GaugeRegular } from "@fluentui/react-icons/svg/gauge";
import { GridRegular } from "@fluentui/react-icons/svg/grid";
import { HomeRegular } from "@fluentui/react-icons/svg/home";
import { PeopleRegular } from "@fluentui/react-icons/svg/people";
import { PuzzlePieceRegular } from "@fluentui/react-icons/svg/puzzle-piece";
import { ServerRegular } from "@fluentui/react-icons/svg/server";
import { WeatherMoonRegular } from "@fluentui/react-icons/svg/weather-moon";
import { WeatherSunnyRegular } from "@fluentui/react-icons/svg/weather-sunny";
import { useTheme } from "./theme";
import { useWorkspaceRef } from "@/lib/client/workspace-ref";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { studioPath } from "@/lib/domain/arm-names";

// The user's menu comes after the page (issue 14: first-load JavaScript): the user is fetched after hydration anyway,
// so the shell fetches the menu's code at the same time (not once the user is here), and until both are here the top
// bar shows the same spinner as while the user loads.
const loadUserMenu = () => import("./UserMenu").then((m) => m.UserMenu);
const UserMenu = dynamic(loadUserMenu, {
  ssr: false,
  loading: () => <Spinner size="tiny" aria-label="Loading your account" />,
});

/**
 * Below this width (a 1,280-pixel window at 200 % zoom is 640 CSS pixels) the side navigation becomes a wrapping
 * row under the top bar, so nothing needs scrolling sideways (WCAG 1.4.10, reflow) and every label stays visible.
 */
const NARROW = "@media (max-width: 800px)";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gridTemplateColumns: "220px minmax(0, 1fr)",
    gridTemplateRows: "minmax(48px, auto) 1fr",
    minHeight: "100vh",
    [NARROW]: { gridTemplateColumns: "minmax(0, 1fr)", gridTemplateRows: "auto auto 1fr" },
  },
  topBar: {
    gridColumn: "1 / -1",
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecoration: "none",
  },
  spacer: { flexGrow: 1 },
  nav: {
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingVerticalS,
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    backgroundColor: tokens.colorNeutralBackground2,
    [NARROW]: {
      flexDirection: "row",
      flexWrap: "wrap",
      borderRight: "none",
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    },
  },
  navLink: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecoration: "none",
    ":hover": { backgroundColor: tokens.colorNeutralBackground2Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  navActive: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
  navDisabled: { color: tokens.colorNeutralForegroundDisabled, pointerEvents: "none" },
  main: {
    padding: tokens.spacingHorizontalXXL,
    overflow: "auto",
    minWidth: 0,
    [NARROW]: { padding: tokens.spacingHorizontalM },
  },
  switcher: { minWidth: "240px", [NARROW]: { minWidth: "160px", maxWidth: "100%" } },
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
});

/** The skip link's target: focusable from script (tabIndex -1) so that following the link moves focus into it. */
const MAIN_ID = "main-content";

export type NavItem = { label: string; segment: string; icon: ReactNode; adminOnly?: boolean };
export const STUDIO_SECTIONS: NavItem[] = [
  { label: "Compute", segment: "compute", icon: <ServerRegular /> },
  { label: "Datastores", segment: "datastores", icon: <DatabaseRegular /> },
  { label: "Data", segment: "data", icon: <DocumentTableRegular /> },
  { label: "Models", segment: "models", icon: <CubeRegular /> },
  { label: "Environments", segment: "environments", icon: <BoxRegular /> },
  { label: "Components", segment: "components", icon: <PuzzlePieceRegular /> },
  { label: "Designer", segment: "designer", icon: <FlowchartRegular /> },
  { label: "Jobs", segment: "jobs", icon: <BeakerRegular /> },
  { label: "Quotas", segment: "quotas", icon: <GaugeRegular />, adminOnly: true },
  { label: "Accounts", segment: "accounts", icon: <PeopleRegular />, adminOnly: true },
];

/** What the shell's workspace switcher shows of a workspace (the workspaces feature passes its list in). */
export type ShellWorkspace = {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
};

export function StudioShell({
  children,
  workspaces: list,
  workspacesLoading,
  headerActions,
}: {
  children: ReactNode;
  /** What later features put in the top bar (the command palette), composed by app/. */
  headerActions?: ReactNode;
  workspaces: ShellWorkspace[] | undefined;
  workspacesLoading: boolean;
}) {
  const s = useStyles();
  const pathname = usePathname();
  const router = useRouter();
  const { theme, setTheme } = useTheme();
  const ref = useWorkspaceRef();
  const user = useCurrentUser();
  useEffect(() => {
    void loadUserMenu();
  }, []);
  const current =
    ref ??
    (list?.[0]
      ? {
          subscriptionId: list[0].subscriptionId,
          resourceGroup: list[0].resourceGroup,
          workspace: list[0].name,
        }
      : null);
  const base = current ? studioPath(current) : null;
  const isAdmin = user.data?.role === "Admin";
  const selectedId = list?.find(
    (w) => current && w.name === current.workspace && w.resourceGroup === current.resourceGroup,
  )?.id;

  return (
    <div className={s.root}>
      <a href={`#${MAIN_ID}`} className="skip-link">
        Skip to main content
      </a>
      <header className={s.topBar}>
        <Link href="/" className={s.brand}>
          ML Studio
        </Link>
        <Dropdown
          className={s.switcher}
          aria-label="Workspace"
          placeholder={workspacesLoading ? "Loading workspaces…" : "Choose a workspace"}
          value={current?.workspace ?? ""}
          selectedOptions={selectedId ? [selectedId] : []}
          onOptionSelect={(_, d) => {
            const w = list?.find((x) => x.id === d.optionValue);
            if (!w) return;
            // The same section of the other workspace; from the home page or an overview, its overview.
            const section = ref ? pathname.split("/")[5] : undefined;
            const target = studioPath({
              subscriptionId: w.subscriptionId,
              resourceGroup: w.resourceGroup,
              workspace: w.name,
            });
            router.push(section ? `${target}/${section}` : target);
          }}
        >
          {(list ?? []).map((w) => (
            <Option key={w.id} value={w.id} text={w.name}>
              {w.name}{" "}
              <Text size={200}>
                &nbsp;{w.resourceGroup} · {w.location}
              </Text>
            </Option>
          ))}
        </Dropdown>
        <div className={s.spacer} />
        {headerActions}
        <Tooltip content={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"} relationship="label">
          <Button
            appearance="transparent"
            className={s.onBrand}
            icon={theme === "dark" ? <WeatherSunnyRegular /> : <WeatherMoonRegular />}
            onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
          />
        </Tooltip>
        {user.isLoading ? (
          <Spinner size="tiny" aria-label="Loading your account" />
        ) : user.data ? (
          <UserMenu user={user.data} />
        ) : null}
      </header>
      <nav className={s.nav} aria-label="Studio sections">
        <SectionLink
          href="/"
          className={mergeClasses(s.navLink, pathname === "/" && s.navActive)}
          aria-current={pathname === "/" ? "page" : undefined}
        >
          <HomeRegular /> Home
        </SectionLink>
        <SectionLink
          href={base ?? "#"}
          className={mergeClasses(s.navLink, !!base && pathname === base && s.navActive, !base && s.navDisabled)}
          aria-current={!!base && pathname === base ? "page" : undefined}
        >
          <GridRegular /> Overview
        </SectionLink>
        {STUDIO_SECTIONS.filter((item) => !item.adminOnly || isAdmin).map((item) => {
          const href = base ? `${base}/${item.segment}` : "#";
          // "/data" must not light up on "/datastores": a section is its own path or below it.
          const active = !!base && (pathname === href || pathname.startsWith(`${href}/`));
          return (
            <SectionLink
              key={item.segment}
              href={href}
              className={mergeClasses(s.navLink, active && s.navActive, !base && s.navDisabled)}
              aria-current={active ? "page" : undefined}
            >
              {item.icon} {item.label}
            </SectionLink>
          );
        })}
      </nav>
      <main id={MAIN_ID} tabIndex={-1} className={s.main}>
        {children}
      </main>
    </div>
  );
}

/**
 * A section of the navigation, fetched ahead when the pointer or the keyboard reaches it rather than whenever it is
 * on screen: Next.js would otherwise render every section's page on the server at each page load, and on a
 * laptop's two cores those renders queue before the page's own data.
 */
function SectionLink({ href, ...props }: Omit<ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string }) {
  const router = useRouter();
  const warm = () => {
    if (href !== "#") router.prefetch(href);
  };
  return <Link {...props} href={href} prefetch={false} onMouseEnter={warm} onFocus={warm} />;
}
