"use client";
import { useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { downloadText, type TDataset } from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function ExportTab({ projectId, dataset }: { projectId: string; dataset: TDataset }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const latest = dataset.versions[0];
  const [version, setVersion] = useState<number | undefined>(latest?.version);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const row = dataset.versions.find((v) => v.version === version);

  async function download() {
    setPending(true);
    setError(null);
    try {
      const res = await queryClient.fetchQuery(
        trpc.datasets.exportJsonl.queryOptions({ projectId, datasetId: dataset.id, ...(version && { version }) }),
      );
      downloadText(res.filename, res.content);
      toast.success(`Downloaded ${res.filename} (${formatInteger(res.itemCount)} items)`);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="export-heading">
      <CardHeader
        id="export-heading"
        title="Export JSONL"
        description="Every field of every item, one JSON object per line. Importing the file again into this dataset changes nothing."
      />
      <CardBody className="space-y-4">
        {latest ? (
          <Field
            id="export-version"
            label="Version"
            hint={row ? `${formatInteger(row.itemCount)} items · ${row.message ?? "no message"}` : undefined}
            className="max-w-sm"
          >
            <Select
              {...fieldProps("export-version", undefined, "hint")}
              value={String(version)}
              onChange={(e) => setVersion(Number(e.target.value))}
            >
              {dataset.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                  {v.version === latest.version ? " (latest)" : ""}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <p className="text-sm text-slate-500">The dataset has no version yet: the export is an empty file.</p>
        )}
        <FormError>{error ? friendlyMessage(error) : undefined}</FormError>
      </CardBody>
      <CardFooter>
        <Button onClick={() => void download()} loading={pending}>
          <Download className="size-4" aria-hidden />
          Download JSONL
        </Button>
      </CardFooter>
    </Card>
  );
}
