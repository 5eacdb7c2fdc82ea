/**
 * One instance per process. Next.js bundles a module into each route's server bundle, so plain
 * module state (a limiter, a cache) would exist once per route: sign-in (the Auth.js route) and
 * password change (the tRPC route) would count in different buckets, and a revocation would
 * clear only one route's cache. Keyed on a global symbol, like the Prisma client in packages/db.
 */
export function processWide<T>(key: string, init: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const sym = Symbol.for(`yardstick.${key}`);
  return (store[sym] ??= init());
}
