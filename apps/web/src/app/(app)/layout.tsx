import type { ReactNode } from "react";
import { auth } from "~/auth";
import { AppShell } from "~/components/shell/app-shell";
import { RedirectToSignIn } from "~/components/shell/redirect-to-sign-in";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) return <RedirectToSignIn />;
  const user = { id: session.user.id, email: session.user.email ?? "", name: session.user.name ?? null };
  return <AppShell user={user}>{children}</AppShell>;
}
