/**
 * Serves the built Next.js app (what `next start` does), owning X-Forwarded-For so per-IP
 * sign-in limits key on the real client (issue 12).
 *
 * `next start` keeps an X-Forwarded-For the client sent and only fills it in when absent, so
 * with no proxy in front anyone could name their own address. Here, unless
 * YARDSTICK_TRUSTED_PROXIES says proxies sit in front (they append the addresses they saw), the
 * header is replaced by the socket's peer address. packages/api/src/client-ip.ts reads it.
 */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import next from "next";

const dir = fileURLToPath(new URL("../apps/web", import.meta.url));
const port = Number(process.env.PORT || 3000);
const trustedProxies = Number(process.env.YARDSTICK_TRUSTED_PROXIES || 0);

const app = next({ dev: false, dir, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const peer = req.socket.remoteAddress;
  if (!trustedProxies || !req.headers["x-forwarded-for"]) {
    if (peer) req.headers["x-forwarded-for"] = peer;
    else delete req.headers["x-forwarded-for"];
  }
  handle(req, res).catch((err) => {
    console.error("request failed", err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
}).listen(port, () => console.log(`Ready on port ${port}`));
