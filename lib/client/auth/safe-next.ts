/** `next` for after sign-in: only a same-origin relative path ("/x?y"), never "//host", "/\\host" or a URL. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f]/.test(next))
    return "/";
  try {
    const url = new URL(next, "http://studio.invalid");
    if (url.origin !== "http://studio.invalid") return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}
