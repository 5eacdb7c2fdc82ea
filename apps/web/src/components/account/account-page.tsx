"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { useTRPC } from "~/trpc/react";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";

export function AccountPage() {
  const trpc = useTRPC();
  const account = useQuery(trpc.account.get.queryOptions());

  if (account.isError) return <ErrorPanel error={account.error} onRetry={() => void account.refetch()} />;
  if (account.isPending) {
    return (
      <LoadingRegion label="Loading your account" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-32 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </LoadingRegion>
    );
  }

  const { name, email, hasPassword } = account.data;
  return (
    <>
      <PageHeader title="Account" description="Your profile, password and the devices signed in as you." />
      <div className="space-y-8">
        <Card aria-labelledby="profile-heading">
          <CardHeader id="profile-heading" title="Profile" />
          <CardBody>
            <dl className="grid max-w-md grid-cols-[8rem_1fr] gap-y-3 text-sm">
              <dt className="text-slate-500">Name</dt>
              <dd className="font-medium text-slate-900">{name ?? "—"}</dd>
              <dt className="text-slate-500">Email</dt>
              <dd className="font-medium text-slate-900">{email}</dd>
            </dl>
          </CardBody>
        </Card>
        {hasPassword && <PasswordSection />}
        <SessionsSection />
      </div>
    </>
  );
}
