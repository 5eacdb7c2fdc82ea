"use client";
import { redirect, usePathname } from "next/navigation";

/** Server layouts can't see the URL; this sends signed-out visitors to sign-in and back here after. */
export function RedirectToSignIn() {
  const pathname = usePathname();
  return redirect(`/sign-in?${new URLSearchParams({ callbackUrl: pathname || "/orgs" })}`);
}
