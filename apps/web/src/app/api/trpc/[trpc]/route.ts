import { clientIp, handleTrpcRequest } from "@yardstick/api";
import { auth } from "~/auth";

const handler = (req: Request) =>
  handleTrpcRequest(req, {
    endpoint: "/api/trpc",
    createContext: async () => {
      const session = await auth();
      return {
        userId: session?.user?.id ?? null,
        sessionId: session?.sessionId ?? null,
        clientIp: clientIp(req.headers),
      };
    },
  });

export { handler as GET, handler as POST };
