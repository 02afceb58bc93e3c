"use client";
import { Title2, Body1 } from "@fluentui/react-components";

export function NotBuiltYet({ title }: { title: string }) {
  return (
    <section>
      <Title2 as="h1">{title}</Title2>
      <Body1 as="p">{title} is not built yet in this version of ML Studio. Compute and quotas are ready; this section comes next.</Body1>
    </section>
  );
}
