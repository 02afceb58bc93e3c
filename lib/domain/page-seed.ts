/**
 * A server-rendered page's data for its client view, as one JSON string. React's Flight protocol walks a prop
 * object in JavaScript on the server (to encode it), again in the server's HTML render (to decode it) and once more
 * in the browser; a string crosses as one text row that each side reads with the engine's own JSON.parse. For the
 * ~470 KB seed of a 1,000-step job's graph tab that walk was a fifth of the page's server CPU. Every page sends its
 * seed so, whatever its size: one way for all.
 * Only for JSON data (no Dates, Maps or undefined values inside): what the studio's routes answer is that already.
 * The client view reads it with `usePageSeed` (lib/client/page-seed.ts).
 */
export type PageSeed<T> = string & { readonly __pageSeedOf?: T };

/** On the server: the page's data as its seed (null stays null: the browser reads the data itself). */
export function pageSeed<T>(data: T | null): PageSeed<T> | null {
  return data === null ? null : (JSON.stringify(data) as PageSeed<T>);
}
