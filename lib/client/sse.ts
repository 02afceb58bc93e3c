/**
 * Reads a text/event-stream body (as fetch gives it) event by event. fetch rather than EventSource, so the
 * studio's auth headers go along like on every other call. Resolves when the stream ends or `onEvent` returns
 * "stop"; data lines of one event are joined.
 */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array<ArrayBuffer>> | ReadableStream,
  onEvent: (event: string, data: string) => void | "stop",
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const raw = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = "message";
      let data = "";
      for (const line of raw.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (data && onEvent(event, data) === "stop") {
        await reader.cancel();
        return;
      }
    }
  }
}
