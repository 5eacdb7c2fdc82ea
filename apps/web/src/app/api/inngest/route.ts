import { inngestHandlers } from "@yardstick/api";

// Inngest's endpoint: syncs (PUT), call requests (POST, signed) and introspection (GET), from
// Inngest Cloud, the self-hosted server, or the embedded executor `npm start` runs.
export const dynamic = "force-dynamic";
export const { GET, POST, PUT } = inngestHandlers();
