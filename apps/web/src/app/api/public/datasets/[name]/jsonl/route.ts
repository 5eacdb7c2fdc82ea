import { corsPreflight, publicRoutes, routeHandler } from "@yardstick/api";

export const dynamic = "force-dynamic";

export const GET = routeHandler(publicRoutes.pullDatasetRoute);
export const POST = routeHandler(publicRoutes.pushDatasetRoute);
export const OPTIONS = corsPreflight;
