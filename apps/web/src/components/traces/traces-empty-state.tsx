"use client";
import Link from "next/link";
import { ArrowRight, Waypoints } from "lucide-react";
import { CodeBlock } from "~/components/ui/code-block";
import { useOrigin } from "~/lib/use-origin";

/** Shown when the project has no traces at all: how to send the first one. */
export function TracesEmptyState({ projectId }: { projectId: string }) {
  const origin = useOrigin() || "http://localhost:3000";
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const event = JSON.stringify({ id: "evt-1", timestamp: now, type: "trace-create", body: { name: "hello-world" } });
  const body = `{"batch": [\n    ${event.replaceAll('","', '", "').replaceAll('":', '": ')}\n  ]}`;
  const curl = [
    `curl -X POST ${origin}/api/public/ingestion \\`,
    `  -H "Authorization: Bearer <your-api-key>" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      <div className="flex size-11 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-8 ring-indigo-50/50">
        <Waypoints className="size-5" aria-hidden />
      </div>
      <h3 className="mt-4 text-sm font-semibold text-slate-900">No traces yet</h3>
      <p className="mt-1 max-w-lg text-sm text-slate-500">
        Send your first trace from your backend with an API key that has the{" "}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">ingest</code> scope. It shows up here within seconds.
      </p>
      <div className="mt-5 w-full max-w-3xl text-left">
        <CodeBlock label="Ingestion example" code={curl} />
      </div>
      <Link
        href={`/projects/${projectId}/settings`}
        className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500"
      >
        Create an API key <ArrowRight className="size-3.5" aria-hidden />
      </Link>
    </div>
  );
}
