import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@yardstick/api";
import { auth } from "~/auth";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const session = await auth();
      return { userId: session?.user?.id ?? null };
    },
  });

export { handler as GET, handler as POST };
