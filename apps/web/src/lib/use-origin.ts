"use client";
import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** `window.location.origin` on the client, "" while rendering on the server. */
export function useOrigin(): string {
  return useSyncExternalStore(
    noop,
    () => window.location.origin,
    () => "",
  );
}
