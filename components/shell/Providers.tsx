"use client";
import { useRef, useState, type ReactNode } from "react";
import { useServerInsertedHTML } from "next/navigation";
import {
  createDOMRenderer,
  renderToStyleElements,
  RendererProvider,
  SSRProvider,
  FluentProvider,
  webLightTheme,
  webDarkTheme,
} from "@fluentui/react-components";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeContext, type ThemeName } from "./theme";
import { ApiClientError } from "@/lib/client/api";

/**
 * Fluent UI rendered on the server: Griffel's renderer collects the styles of the server render and
 * useServerInsertedHTML puts them in the document, so the first paint is styled and hydration matches.
 */
export function Providers({ children, initialTheme }: { children: ReactNode; initialTheme: ThemeName }) {
  const [renderer] = useState(() => createDOMRenderer());
  const inserted = useRef(false);
  useServerInsertedHTML(() => {
    if (inserted.current) return null;
    inserted.current = true;
    return <>{renderToStyleElements(renderer)}</>;
  });
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // 4xx answers will not change by asking again.
            retry: (count, error) => !(error instanceof ApiClientError && error.status < 500) && count < 2,
          },
        },
      }),
  );
  const changeTheme = (next: ThemeName) => {
    setTheme(next);
    document.cookie = `mls_theme=${next}; path=/; max-age=31536000; samesite=lax`;
  };
  return (
    <RendererProvider renderer={renderer}>
      <SSRProvider>
        <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme} style={{ minHeight: "100vh" }}>
          <ThemeContext.Provider value={{ theme, setTheme: changeTheme }}>
            <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
          </ThemeContext.Provider>
        </FluentProvider>
      </SSRProvider>
    </RendererProvider>
  );
}
