"use client";
import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { Wordmark } from "~/components/ui/wordmark";
import { cn } from "~/lib/cn";
import type { TSessionUser } from "~/lib/types";
import { SessionUserProvider } from "./session-user";
import { Sidebar } from "./sidebar";

// Data-dense explorer pages get more room than forms and settings.
const WIDE =
  /^\/projects\/[^/]+\/(traces|sessions|users|datasets|candidates|annotations|prompts|graders|calibration)(\/|$)/;

export function AppShell({ user, children }: { user: TSessionUser; children: ReactNode }) {
  const pathname = usePathname() ?? "";
  const wide = WIDE.test(pathname);
  // Below md the sidebar is a drawer: closed by default, closed again on navigation and Escape.
  const [navOpen, setNavOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  if (navOpen && openedAt !== pathname) setNavOpen(false);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setNavOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navOpen]);
  return (
    <SessionUserProvider user={user}>
      <div className="min-h-screen md:flex">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 md:hidden">
          <button
            type="button"
            aria-label="Open navigation"
            aria-expanded={navOpen}
            aria-controls="app-sidebar"
            onClick={() => {
              setOpenedAt(pathname);
              setNavOpen(true);
            }}
            className="-ml-1 rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            <Menu className="size-5" aria-hidden />
          </button>
          <Wordmark />
        </header>
        {navOpen && (
          <div aria-hidden className="fixed inset-0 z-40 bg-slate-900/40 md:hidden" onClick={() => setNavOpen(false)} />
        )}
        <Sidebar
          open={navOpen}
          closeButton={
            <button
              type="button"
              aria-label="Close navigation"
              onClick={() => setNavOpen(false)}
              className="ml-auto rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 md:hidden"
            >
              <X className="size-5" aria-hidden />
            </button>
          }
        />
        <main
          className={cn("mx-auto w-full min-w-0 flex-1 px-4 py-8 sm:px-8 md:py-10", wide ? "max-w-7xl" : "max-w-5xl")}
        >
          {children}
        </main>
      </div>
    </SessionUserProvider>
  );
}
