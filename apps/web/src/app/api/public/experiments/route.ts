import { corsPreflight, publicRoutes, routeHandler } from "@yardstick/api";

export const dynamic = "force-dynamic";

export const GET = routeHandler(publicRoutes.listRunsRoute);
export const POST = routeHandler(publicRoutes.startRunRoute);
export const OPTIONS = corsPreflight;
