import type { Metadata } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { Providers } from "@/components/shell/Providers";
import { AuthProvider } from "@/components/auth/AuthProvider";
import { config } from "@/lib/server/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ML Studio", template: "%s · ML Studio" },
  description: "A studio for Azure Machine Learning workspaces",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("mls_theme")?.value === "dark" ? "dark" : "light";
  // The MSAL settings are read here, on the server, so the browser signs in without asking /api/auth/config first.
  const msal = config.oidc?.clientId
    ? { authority: config.oidc.authority, clientId: config.oidc.clientId, apiScope: config.oidc.apiScope }
    : null;
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <Providers initialTheme={theme}>
          <AuthProvider msal={msal}>{children}</AuthProvider>
        </Providers>
      </body>
    </html>
  );
}
