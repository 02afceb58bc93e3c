import type { Metadata } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { Providers } from "@/components/shell/Providers";
import { ServerAuthProvider } from "@/components/auth/ServerAuthProvider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ML Studio", template: "%s · ML Studio" },
  description: "A studio for Azure Machine Learning workspaces",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("mls_theme")?.value === "dark" ? "dark" : "light";
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <Providers initialTheme={theme}>
          <ServerAuthProvider>{children}</ServerAuthProvider>
        </Providers>
      </body>
    </html>
  );
}
