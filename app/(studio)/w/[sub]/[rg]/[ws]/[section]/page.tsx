import { notFound } from "next/navigation";
import { NotBuiltYet } from "@/components/shell/NotBuiltYet";

/** Sections the studio will have but does not yet: said plainly rather than left as dead links. */
const PLANNED: Record<string, string> = {
  jobs: "Jobs",
};

export default async function PlannedSection({ params }: { params: Promise<{ section: string }> }) {
  const { section } = await params;
  const title = PLANNED[section];
  if (!title) notFound();
  return <NotBuiltYet title={title} />;
}
