import { z } from "zod";

/**
 * zod for modules the browser may load: in the browser the page's CSP forbids eval (proxy.ts), and zod's compiled
 * object parsers would probe `new Function` and log a violation. Each object schema decides at construction, so the
 * setting must come before any schema is built: importing `z` from here guarantees that. The server keeps the
 * compiled parsers.
 */
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
