"use client";
import type { ReactNode } from "react";
import type { TSessionUser } from "~/lib/types";
import { SessionUserProvider } from "./session-user";
import { Sidebar } from "./sidebar";

export function AppShell({ user, children }: { user: TSessionUser; children: ReactNode }) {
  return (
    <SessionUserProvider user={user}>
      <div className="min-h-screen md:flex">
        <Sidebar />
        <main className="mx-auto w-full max-w-5xl min-w-0 flex-1 px-4 py-8 sm:px-8 md:py-10">{children}</main>
      </div>
    </SessionUserProvider>
  );
}
