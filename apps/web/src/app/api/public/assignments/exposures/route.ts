import { corsPreflight, publicRoutes, routeHandler } from "@yardstick/api";

export const dynamic = "force-dynamic";

export const POST = routeHandler(publicRoutes.exposuresRoute);
export const OPTIONS = corsPreflight;
