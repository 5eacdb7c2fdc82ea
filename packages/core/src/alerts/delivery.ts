// What a channel receives. Webhooks get JSON signed with HMAC-SHA256 over `${timestamp}.${body}`
// (the server computes it with the channel's secret: see the README's "Alerts"); Slack gets an
// incoming-webhook message. Pure shapes: the server signs and sends.

export type TAlertPayload = {
  type: "alert.firing" | "alert.test";
  eventId: string;
  project: { id: string; name: string };
  rule: { id: string; name: string; metric: string; condition: string; threshold: number };
  value: number | null;
  message: string;
  startedAt: string;
  url: string | null;
};

export const SIGNATURE_HEADER = "X-Yardstick-Signature";
export const TIMESTAMP_HEADER = "X-Yardstick-Timestamp";

/** The bytes a webhook signature covers: the unix-seconds timestamp, a dot, the raw body. */
export function signedContent(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

/** Slack incoming-webhook message (mrkdwn; user-controlled names are escaped). */
export function slackMessage(p: TAlertPayload): { text: string; blocks: unknown[] } {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const title = `${p.type === "alert.test" ? ":test_tube: Test alert" : ":rotating_light: Alert"}: ${esc(p.rule.name)}`;
  return {
    text: `${title} — ${esc(p.message)}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.replace(/:[a-z_]+: /, "").slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: `*${esc(p.project.name)}* · ${esc(p.message)}` } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `metric \`${p.rule.metric}\` · started ${p.startedAt}${p.url ? ` · <${p.url}|open in Yardstick>` : ""}`,
          },
        ],
      },
    ],
  };
}

/** http(s) only, no credentials in the URL, at most 2,000 characters; returns the problem or null. */
export function webhookUrlProblem(raw: string): string | null {
  if (raw.length > 2000) return "must be at most 2,000 characters";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "must be a URL such as https://example.com/hooks/yardstick";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    return `must use http or https (not ${u.protocol.replace(":", "")})`;
  if (u.username || u.password) return "must not contain a user name or password";
  return null;
}

/** Retry schedule of a failed delivery (Inngest step retries back off the same way). */
export const DELIVERY = { timeoutMs: 5000, attempts: 4 } as const;
