import { corsPreflight, publicRoutes, routeHandler } from "@yardstick/api";

export const dynamic = "force-dynamic";

export const GET = routeHandler(publicRoutes.metricsRoute);
export const OPTIONS = corsPreflight;
