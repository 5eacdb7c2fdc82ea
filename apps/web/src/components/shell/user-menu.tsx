"use client";
import { ChevronsUpDown, LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Popover } from "~/components/ui/popover";
import { useSessionUser } from "./session-user";

function initials(name: string | null, email: string) {
  const source = name?.trim() || email;
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (name ? (parts[1]?.[0] ?? "") : "")).toUpperCase() || "?";
}

export function UserMenu() {
  const user = useSessionUser();
  const [signingOut, setSigningOut] = useState(false);
  const trigger = (
    <span className="flex items-center gap-2.5 rounded-lg px-2 py-2 hover:bg-slate-100">
      <span
        aria-hidden
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
      >
        {initials(user.name, user.email)}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900">{user.name ?? user.email}</span>
        <span className="block truncate text-xs text-slate-500">{user.email}</span>
      </span>
      <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
    </span>
  );
  return (
    <Popover label="Account menu" trigger={trigger} panelClassName="bottom-full left-0 mb-1.5 w-full">
      {(close) => (
        <div className="p-1.5">
          <p className="truncate px-2 pt-1 pb-2 text-xs text-slate-500">
            Signed in as <span className="font-medium text-slate-700">{user.email}</span>
          </p>
          <Link
            href="/account"
            onClick={close}
            className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100"
          >
            <UserRound className="size-4 text-slate-400" aria-hidden />
            Account
          </Link>
          <button
            type="button"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void signOut({ redirectTo: "/sign-in" });
            }}
            className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-60"
          >
            <LogOut className="size-4 text-slate-400" aria-hidden />
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      )}
    </Popover>
  );
}
