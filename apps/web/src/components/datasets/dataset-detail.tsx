"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Link2, Plus } from "lucide-react";
import { Suspense, useState } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Tabs } from "~/components/ui/tabs";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { authorName, partitionCounts } from "~/lib/datasets";
import { formatInteger, pluralizeCount } from "~/lib/metrics-format";
import { hasRole, type Role } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AddFromTraceDialog } from "./add-from-trace-dialog";
import { ExportTab } from "./export-tab";
import { HistoryTab } from "./history-tab";
import { ImportTab } from "./import-tab";
import { ItemDialog } from "./item-dialog";
import { ItemsTab } from "./items-tab";
import { PartitionBar } from "./partition-chips";

const TABS = [
  { id: "items", label: "Items" },
  { id: "import", label: "Import" },
  { id: "history", label: "History" },
  { id: "export", label: "Export" },
] as const;
type TTab = (typeof TABS)[number]["id"];

function DetailSkeleton() {
  return (
    <LoadingRegion label="Loading dataset" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-16 w-full rounded-xl" />
      <Skeleton className="h-72 w-full rounded-xl" />
    </LoadingRegion>
  );
}

function DatasetBody({
  projectId,
  datasetId,
  role,
  crumbs,
}: {
  projectId: string;
  datasetId: string;
  role: Role;
  crumbs: (...rest: TCrumb[]) => TCrumb[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = useQuery(trpc.datasets.get.queryOptions({ projectId, datasetId }));
  const [dialog, setDialog] = useState<"add" | "trace" | null>(null);
  const raw = params.get("tab");
  const tab: TTab = TABS.some((t) => t.id === raw) ? (raw as TTab) : "items";
  const setTab = (t: TTab) => router.replace(t === "items" ? pathname : `${pathname}?tab=${t}`, { scroll: false });
  const canEdit = hasRole(role, "MEMBER");

  if (isNotFound(query.error)) return <NotFoundPanel title="Dataset not found" />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <DetailSkeleton />;

  const ds = query.data;
  const latest = ds.versions[0] ?? null;
  const counts = partitionCounts(latest?.partitionCounts);
  const base = `/projects/${projectId}/datasets`;

  return (
    <>
      <PageHeader
        crumbs={crumbs({ label: "Datasets", href: base }, { label: ds.name })}
        title={ds.name}
        description={ds.description ?? undefined}
        actions={
          canEdit ? (
            <>
              <Button variant="secondary" onClick={() => setDialog("trace")}>
                <Link2 className="size-4" aria-hidden />
                Add from trace
              </Button>
              <Button onClick={() => setDialog("add")}>
                <Plus className="size-4" aria-hidden />
                Add item
              </Button>
            </>
          ) : undefined
        }
      />
      <Card className="-mt-4 mb-6 px-5 py-4">
        <div className="flex flex-wrap items-start gap-x-8 gap-y-3">
          <dl className="flex gap-8">
            <div>
              <dt className="text-xs text-slate-500">Version</dt>
              <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums" data-testid="dataset-version">
                {latest ? `v${latest.version}` : "—"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Items</dt>
              <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums" data-testid="dataset-item-count">
                {formatInteger(latest?.itemCount ?? 0)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Versions</dt>
              <dd
                className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums"
                data-testid="dataset-version-count"
              >
                {formatInteger(ds.versions.length)}
              </dd>
            </div>
          </dl>
          <div className="min-w-64 flex-1">
            <p className="mb-1.5 text-xs text-slate-500">Partitions</p>
            <PartitionBar counts={counts} />
          </div>
        </div>
        {latest && (
          <p className="mt-3 text-xs text-slate-500">
            Last change: <span className="text-slate-700">{latest.message ?? "No message"}</span> ·{" "}
            {authorName(latest.createdBy)} · <RelativeTime value={latest.createdAt} /> ·{" "}
            {pluralizeCount(ds.versions.length, "version")}
          </p>
        )}
      </Card>
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Dataset sections">
        {tab === "items" && (
          <ItemsTab
            projectId={projectId}
            dataset={ds}
            canEdit={canEdit}
            onImport={() => setTab("import")}
            onAdd={() => setDialog("add")}
          />
        )}
        {tab === "import" && (
          <ImportTab projectId={projectId} dataset={ds} canEdit={canEdit} onDone={() => setTab("history")} />
        )}
        {tab === "history" && <HistoryTab projectId={projectId} dataset={ds} />}
        {tab === "export" && <ExportTab projectId={projectId} dataset={ds} />}
      </Tabs>
      {canEdit && (
        <>
          <ItemDialog
            projectId={projectId}
            datasetId={datasetId}
            open={dialog === "add"}
            onClose={() => setDialog(null)}
          />
          <AddFromTraceDialog
            projectId={projectId}
            datasetId={datasetId}
            open={dialog === "trace"}
            onClose={() => setDialog(null)}
          />
        </>
      )}
    </>
  );
}

export function DatasetDetail({ projectId, datasetId }: { projectId: string; datasetId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="dataset">
      {(p, crumbs) => (
        <Suspense fallback={<DetailSkeleton />}>
          <DatasetBody projectId={projectId} datasetId={datasetId} role={p.role} crumbs={crumbs} />
        </Suspense>
      )}
    </ProjectFrame>
  );
}
