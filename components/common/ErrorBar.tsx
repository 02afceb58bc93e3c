"use client";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { ApiClientError } from "@/lib/client/api";

/** A failed request, said plainly: what failed and the server's own message. */
export function ErrorBar({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error instanceof ApiClientError ? error : null;
  const down = e && (e.status === 0 || e.status === 502 || e.status === 504);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>
          {title ?? (down ? "The workspace service is unavailable." : "Something went wrong.")}
        </MessageBarTitle>
        {(error as Error).message}
      </MessageBarBody>
    </MessageBar>
  );
}
