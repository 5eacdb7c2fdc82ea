"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { History, Inbox } from "lucide-react";
import { useEffect, useState } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Tabs } from "~/components/ui/tabs";
import { useToast } from "~/components/ui/toast";
import { hasRole } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { CandidateDetail } from "./candidate-detail";
import { CandidateList } from "./candidate-list";
import { isTypingTarget } from "./keyboard";
import { RulesCard } from "./rules-card";

type TStatus = "open" | "promoted" | "rejected";

export function CandidatesPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="candidates">
      {(p, crumbs) => (
        <CandidatesBody
          projectId={projectId}
          canEdit={hasRole(p.role, "MEMBER")}
          canAdmin={hasRole(p.role, "ADMIN")}
          crumbs={crumbs({ label: "Candidates" })}
        />
      )}
    </ProjectFrame>
  );
}

function CandidatesBody({
  projectId,
  canEdit,
  canAdmin,
  crumbs,
}: {
  projectId: string;
  canEdit: boolean;
  canAdmin: boolean;
  crumbs: Array<{ label: string; href?: string }>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<TStatus>("open");
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery(trpc.candidates.list.queryOptions({ projectId, status, limit: 200 }));
  const items = list.data?.items ?? [];
  const current = items.find((c) => c.id === selected) ?? items[0] ?? null;
  const counts = list.data?.counts;

  const backfill = useMutation(
    trpc.candidates.backfill.mutationOptions({
      onSuccess: () => toast.success("Backfill started: past negative feedback is being queued"),
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );

  // j / k move through the queue (e, p and r belong to the detail pane).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (isTypingTarget(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key !== "j" && e.key !== "k") return;
      if (!items.length) return;
      e.preventDefault();
      const i = current ? items.findIndex((c) => c.id === current.id) : -1;
      const next = items[Math.min(items.length - 1, Math.max(0, i + (e.key === "j" ? 1 : -1)))];
      if (next) setSelected(next.id);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, current]);

  /** After a review the next candidate in the list is selected. */
  async function reviewed(id: string) {
    const i = items.findIndex((c) => c.id === id);
    const next = items[i + 1] ?? items[i - 1] ?? null;
    setSelected(next?.id ?? null);
    await queryClient.invalidateQueries({ queryKey: trpc.candidates.pathKey() });
  }

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Candidates"
        description="Traces users marked as bad, waiting to become eval cases. Review each: promote it into a dataset or reject it."
        actions={
          canEdit ? (
            <Button
              variant="secondary"
              loading={backfill.isPending}
              onClick={() => backfill.mutate({ projectId, days: 30 })}
            >
              <History className="size-4" aria-hidden />
              Backfill 30 days
            </Button>
          ) : undefined
        }
      />
      <Tabs
        label="Candidate status"
        value={status}
        onChange={(s) => {
          setStatus(s);
          setSelected(null);
        }}
        tabs={(["open", "promoted", "rejected"] as const).map((s) => ({
          id: s,
          label: (
            <span className="inline-flex items-center gap-1.5">
              {s === "open" ? "Open" : s === "promoted" ? "Promoted" : "Rejected"}
              {counts && <Badge tone={s === "open" ? "indigo" : "neutral"}>{counts[s]}</Badge>}
            </span>
          ),
        }))}
      >
        <p className="mt-3 text-xs text-slate-500">
          Keys: <Kbd>j</Kbd>/<Kbd>k</Kbd> next/previous · <Kbd>e</Kbd> edit expected output · <Kbd>p</Kbd> promote ·{" "}
          <Kbd>r</Kbd> reject
        </p>
        <div className="mt-4">
          {list.isPending && (
            <Card>
              <TableSkeleton rows={5} label="Loading candidates" />
            </Card>
          )}
          {list.isError && <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && items.length === 0 && (
            <Card>
              <EmptyState
                icon={Inbox}
                title={status === "open" ? "Nothing to review" : `No ${status} candidates`}
                description={
                  status === "open"
                    ? "A thumbs-down, a rating of 2 or less, or a score below one of the project's rules puts the trace here. Send feedback with a feedback key (SDK: yardstick.feedback)."
                    : undefined
                }
              />
            </Card>
          )}
          {items.length > 0 && current && (
            <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
              <CandidateList items={items} selectedId={current.id} onSelect={setSelected} />
              <CandidateDetail
                key={current.id}
                projectId={projectId}
                candidateId={current.id}
                canEdit={canEdit}
                onReviewed={reviewed}
              />
            </div>
          )}
        </div>
      </Tabs>
      <RulesCard projectId={projectId} canAdmin={canAdmin} />
    </>
  );
}

function Kbd({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-[11px] text-slate-700">{children}</kbd>
  );
}
