import { int, parseMaybeJson, prefixed, str } from "./attrs";
import type { TConvention } from "./types";

// OpenLLMetry (Traceloop): traceloop.span.kind / workflow / entity input and output,
// association properties (user and session), llm.usage.total_tokens. Its gen_ai.* attributes,
// including the indexed gen_ai.prompt.N.* / gen_ai.completion.N.*, are read by gen-ai.ts.

const USER_KEYS = ["userId", "user_id", "user.id"];
const SESSION_KEYS = ["sessionId", "session_id", "session.id", "conversation_id"];

export const traceloop: TConvention = {
  name: "traceloop",
  matches: (a) => Object.keys(a).some((k) => k.startsWith("traceloop.")),
  consumes: (k) =>
    /^(traceloop\.(span\.kind|workflow\.name|entity\.(input|output)|association\.properties\.)|llm\.usage\.total_tokens$)/.test(
      k,
    ),
  map(span) {
    const a = span.attributes;
    const kind = str(a["traceloop.span.kind"]);
    const props = prefixed(a, "traceloop.association.properties") ?? {};
    const pick = (keys: string[]) => {
      const key = keys.find((k) => str(props[k]) !== undefined);
      if (!key) return undefined;
      const v = props[key] as string;
      delete props[key];
      return v;
    };
    const userId = pick(USER_KEYS);
    const sessionId = pick(SESSION_KEYS);
    const total = int(a["llm.usage.total_tokens"]);
    return {
      observation: {
        type: kind ? "SPAN" : undefined,
        kind,
        input: parseMaybeJson(a["traceloop.entity.input"]),
        output: parseMaybeJson(a["traceloop.entity.output"]),
        usage: total === undefined ? undefined : { total },
      },
      trace: {
        name: str(a["traceloop.workflow.name"]),
        userId,
        sessionId,
        metadata: Object.keys(props).length ? props : undefined,
      },
    };
  },
};
