import { str } from "./attrs";
import type { TConvention } from "./types";

// General OpenTelemetry attributes any span may carry: user.id / enduser.id and session.id name
// the trace's user and session (they stay in the span's metadata too).

export const general: TConvention = {
  name: "general",
  matches: (a) => a["user.id"] !== undefined || a["enduser.id"] !== undefined || a["session.id"] !== undefined,
  consumes: () => false,
  map: (span) => ({
    observation: {},
    trace: {
      userId: str(span.attributes["user.id"]) ?? str(span.attributes["enduser.id"]),
      sessionId: str(span.attributes["session.id"]),
    },
  }),
};
