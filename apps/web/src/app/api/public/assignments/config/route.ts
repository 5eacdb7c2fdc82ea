import { corsPreflight, publicRoutes, routeHandler } from "@yardstick/api";

export const dynamic = "force-dynamic";

export const GET = routeHandler(publicRoutes.experimentConfigRoute);
export const OPTIONS = corsPreflight;
