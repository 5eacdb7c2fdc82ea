"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { TSessionUser } from "~/lib/types";

const SessionUserContext = createContext<TSessionUser | null>(null);

export function SessionUserProvider({ user, children }: { user: TSessionUser; children: ReactNode }) {
  return <SessionUserContext value={user}>{children}</SessionUserContext>;
}

/** The signed-in user, as read by the (app) layout on the server. */
export function useSessionUser(): TSessionUser {
  const user = useContext(SessionUserContext);
  if (!user) throw new Error("useSessionUser needs a <SessionUserProvider>");
  return user;
}
