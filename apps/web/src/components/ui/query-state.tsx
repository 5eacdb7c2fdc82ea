"use client";
import { CircleAlert, RotateCw, SearchX } from "lucide-react";
import type { ReactNode } from "react";
import { friendlyMessage } from "~/lib/trpc-errors";
import { Button, LinkButton } from "./button";

export function ErrorPanel({
  error,
  onRetry,
  title = "We couldn't load this",
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div
      role="alert"
      className="flex flex-col items-center rounded-xl border border-red-200 bg-red-50/50 px-6 py-10 text-center"
    >
      <CircleAlert className="size-6 text-red-500" aria-hidden />
      <h3 className="mt-3 text-sm font-semibold text-slate-900">{title}</h3>
      <p className="mt-1 max-w-md text-sm text-slate-600">{friendlyMessage(error)}</p>
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
          <RotateCw className="size-3.5" aria-hidden />
          Try again
        </Button>
      )}
    </div>
  );
}

export function NotFoundPanel({
  title,
  children,
  back,
}: {
  title: string;
  children?: ReactNode;
  back?: { href: string; label: string };
}) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center py-20 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-500">
        <SearchX className="size-6" aria-hidden />
      </div>
      <h1 className="mt-4 text-lg font-semibold text-slate-900">{title}</h1>
      <p className="mt-1 text-sm text-slate-500">
        {children ?? "It may have been deleted, or you may not have access to it."}
      </p>
      <LinkButton href={back?.href ?? "/orgs"} variant="secondary" className="mt-6">
        {back?.label ?? "Back to organizations"}
      </LinkButton>
    </div>
  );
}
