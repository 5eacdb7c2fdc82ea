type TErrorData = {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string[] | undefined>;
  field?: string;
};

function dataOf(error: unknown): TErrorData | undefined {
  return (error as { data?: TErrorData } | null)?.data;
}

export function errorCode(error: unknown): string | undefined {
  return dataOf(error)?.code;
}

export function isNotFound(error: unknown): boolean {
  return errorCode(error) === "NOT_FOUND";
}

export type TFormErrors = { fields: Record<string, string | undefined>; form?: string };

/**
 * Splits a tRPC error into messages for the form's own fields (zod `fieldErrors`, or the service
 * error's `field`) and one message for the whole form (everything else).
 */
export function formErrors(error: unknown, fields: readonly string[]): TFormErrors {
  if (!error) return { fields: {} };
  const data = dataOf(error);
  const message = error instanceof Error ? error.message : "Something went wrong. Please try again.";
  const out: Record<string, string | undefined> = {};
  const leftover: string[] = [];
  for (const [name, messages] of Object.entries(data?.fieldErrors ?? {})) {
    if (!messages?.[0]) continue;
    if (fields.includes(name)) out[name] = messages[0];
    else leftover.push(messages[0]);
  }
  if (data?.field && fields.includes(data.field)) out[data.field] = message;
  const matched = Object.keys(out).length > 0;
  if (matched) return { fields: out, form: leftover[0] };
  if (data?.fieldErrors && leftover.length) return { fields: out, form: leftover[0] };
  return { fields: out, form: friendlyMessage(error) };
}

/** A message fit to show a person; network failures get a plain explanation. */
export function friendlyMessage(error: unknown): string {
  if (!(error instanceof Error)) return "Something went wrong. Please try again.";
  if (/failed to fetch|networkerror|load failed/i.test(error.message)) {
    return "Can't reach the server. Check your connection and try again.";
  }
  return error.message || "Something went wrong. Please try again.";
}
