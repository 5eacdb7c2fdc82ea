"use client";
import { ErrorPanel } from "~/components/ui/query-state";

export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-20">
      <ErrorPanel title="Something went wrong" error={error} onRetry={reset} />
    </main>
  );
}
