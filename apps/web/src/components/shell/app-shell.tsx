"use client";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "~/lib/cn";
import type { TSessionUser } from "~/lib/types";
import { SessionUserProvider } from "./session-user";
import { Sidebar } from "./sidebar";

// Data-dense explorer pages get more room than forms and settings.
const WIDE = /^\/projects\/[^/]+\/(traces|sessions|users|datasets|prompts|graders|calibration)(\/|$)/;

export function AppShell({ user, children }: { user: TSessionUser; children: ReactNode }) {
  const wide = WIDE.test(usePathname() ?? "");
  return (
    <SessionUserProvider user={user}>
      <div className="min-h-screen md:flex">
        <Sidebar />
        <main className={cn("mx-auto w-full min-w-0 flex-1 px-4 py-8 sm:px-8 md:py-10", wide ? "max-w-7xl" : "max-w-5xl")}>{children}</main>
      </div>
    </SessionUserProvider>
  );
}
