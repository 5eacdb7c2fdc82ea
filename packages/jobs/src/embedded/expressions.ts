// The small subset of Inngest's CEL expressions the embedded executor evaluates:
//   concurrency keys   event.data.<path>  or a quoted constant ("ai")
//   trigger conditions event.data.<path> == <'text' | "text" | number | true | false>
// (the second is what the SDK syncs for onFailure handlers). Anything else is refused at sync.

type TEvent = { data?: unknown };

const PATH = /^event\.data((?:\.[A-Za-z_$][\w$]*)+)$/;
const LITERAL = /^(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(true|false))$/;

function compilePath(expr: string): ((event: TEvent) => unknown) | null {
  const m = PATH.exec(expr.trim());
  if (!m) return null;
  const keys = m[1]!.slice(1).split(".");
  return (event) =>
    keys.reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      event.data,
    );
}

function parseLiteral(expr: string): { value: unknown } | null {
  const m = LITERAL.exec(expr.trim());
  if (!m) return null;
  return { value: m[1] ?? m[2] ?? (m[3] !== undefined ? Number(m[3]) : m[4] === "true") };
}

/** A concurrency key expression → the key of an event; throws on what it cannot evaluate. */
export function compileKey(expr: string): (event: TEvent) => string {
  const literal = parseLiteral(expr);
  if (literal) return () => String(literal.value);
  const path = compilePath(expr);
  if (!path)
    throw new Error(`concurrency key "${expr}" is not supported (only event.data.<path> or a quoted constant)`);
  return (event) => {
    const v = path(event);
    return typeof v === "string" ? v : JSON.stringify(v ?? null);
  };
}

/** A trigger expression → a predicate on the event; throws on what it cannot evaluate. */
export function compileCondition(expr: string): (event: TEvent) => boolean {
  const [left, right, ...rest] = expr.split("==");
  const path = left !== undefined ? compilePath(left) : null;
  const literal = right !== undefined && !right.startsWith("=") ? parseLiteral(right) : null;
  if (rest.length || !path || !literal) {
    throw new Error(`trigger expression "${expr}" is not supported (only event.data.<path> == <literal>)`);
  }
  return (event) => path(event) === literal.value;
}
