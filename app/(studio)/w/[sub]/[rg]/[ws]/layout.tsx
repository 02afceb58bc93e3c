import type { Metadata } from "next";
import type { ReactNode } from "react";

/**
 * Every workspace page's title says where you are: "<page> · <workspace> · ML Studio". Pages give their own part
 * (`metadata.title`, or `generateMetadata` for a named asset or job); this template adds the workspace.
 */
export async function generateMetadata({ params }: { params: Promise<{ ws: string }> }): Promise<Metadata> {
  const workspace = decodeURIComponent((await params).ws);
  return { title: { default: workspace, template: `%s · ${workspace} · ML Studio` } };
}

export default function WorkspaceLayout({ children }: { children: ReactNode }) {
  return children;
}
