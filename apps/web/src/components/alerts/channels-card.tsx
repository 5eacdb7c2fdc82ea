"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-button";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { formErrors, friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = ["name", "kind", "url"] as const;

export function ChannelsCard({ projectId, canAdmin }: { projectId: string; canAdmin: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const qc = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.queryOptions({ projectId }));
  const [v, setV] = useState({ name: "", kind: "webhook" as "webhook" | "slack", url: "" });
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.alerts.createChannel.mutationOptions({
      onSuccess: async (c) => {
        setSecret(c.secret);
        setV({ name: "", kind: "webhook", url: "" });
        await qc.invalidateQueries({ queryKey: trpc.alerts.channels.queryKey({ projectId }) });
        toast.success(`Channel “${c.name}” added`);
      },
    }),
  );
  const del = useMutation(
    trpc.alerts.deleteChannel.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.alerts.channels.queryKey({ projectId }) }),
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const errs = formErrors(create.error, FIELDS);
  return (
    <Card aria-labelledby="channels-heading">
      <CardHeader
        id="channels-heading"
        title="Channels"
        description="Webhooks are signed (HMAC-SHA256 of timestamp.body with the channel's secret, in X-Yardstick-Signature); Slack gets a formatted message."
      />
      <CardBody className="space-y-4">
        <ul className="space-y-2">
          {(channels.data ?? []).map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{c.name}</span>{" "}
                <span className="text-xs text-slate-500">{c.kind}</span>
                <div className="truncate font-mono text-xs text-slate-500">{c.urlHint}</div>
              </span>
              {canAdmin && (
                <Button size="sm" variant="ghost" onClick={() => del.mutate({ projectId, channelId: c.id })}>
                  Remove
                </Button>
              )}
            </li>
          ))}
          {channels.data?.length === 0 && <li className="text-sm text-slate-500">No channel yet.</li>}
        </ul>
        {secret && (
          <div className="rounded-lg border border-amber-200 bg-amber-50 p-3">
            <p className="mb-2 text-xs text-amber-900">
              Signing secret — shown once. Verify X-Yardstick-Signature with it.
            </p>
            <CopyField value={secret} label="Signing secret" id="channel-secret" />
          </div>
        )}
        {canAdmin && (
          <form
            className="space-y-3 border-t border-slate-100 pt-4"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ projectId, ...v });
            }}
          >
            <Field id="channel-name" label="Name" error={errs.fields.name}>
              <Input
                {...fieldProps("channel-name", errs.fields.name)}
                value={v.name}
                onChange={(e) => setV({ ...v, name: e.target.value })}
              />
            </Field>
            <Field id="channel-kind" label="Kind" error={errs.fields.kind}>
              <Select
                id="channel-kind"
                value={v.kind}
                onChange={(e) => setV({ ...v, kind: e.target.value as "webhook" | "slack" })}
              >
                <option value="webhook">Webhook (signed JSON)</option>
                <option value="slack">Slack incoming webhook</option>
              </Select>
            </Field>
            <Field id="channel-url" label="URL" hint="http or https" error={errs.fields.url}>
              <Input
                {...fieldProps("channel-url", errs.fields.url)}
                value={v.url}
                onChange={(e) => setV({ ...v, url: e.target.value })}
                placeholder="https://example.com/hooks/yardstick"
              />
            </Field>
            <FormError>{errs.form}</FormError>
            <Button type="submit" variant="secondary" disabled={create.isPending}>
              Add channel
            </Button>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
