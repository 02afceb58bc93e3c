/** `next` for after sign-in: only a same-origin relative path ("/x?y"), never "//host", "/\\host" or a URL. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || hasControlCharacter(next))
    return "/";
  try {
    const url = new URL(next, "http://studio.invalid");
    if (url.origin !== "http://studio.invalid") return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}

const hasControlCharacter = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20);
