import { Inngest } from "inngest";
import { readJobsEnv } from "./env";

const env = readJobsEnv();

/**
 * The Inngest client. Without INNGEST_DEV it runs in cloud mode: requests to /api/inngest must
 * carry a valid signature (from Inngest Cloud, the self-hosted server, or the embedded executor,
 * which signs with the key `npm start` generates).
 */
export const inngest = new Inngest({
  id: "yardstick",
  ...(env.INNGEST_BASE_URL ? { baseUrl: env.INNGEST_BASE_URL } : {}),
  ...(env.INNGEST_SIGNING_KEY ? { signingKey: env.INNGEST_SIGNING_KEY } : {}),
  ...(env.INNGEST_EVENT_KEY ? { eventKey: env.INNGEST_EVENT_KEY } : {}),
});
