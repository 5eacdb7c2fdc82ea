import {
  PRODUCTION_LABEL,
  ZPublicPrompt,
  renderPrompt,
  type TPromptParams,
  type TPromptTool,
  type TPublicPrompt,
  type TTemplateVars,
} from "@yardstick/contracts/prompts";
import { YardstickError, describeError } from "./errors";

// getPrompt: an in-memory cache with stale-while-revalidate, so a Yardstick outage never breaks
// the host application. Fresh entries are served from memory; stale ones are served at once and
// revalidated in the background (If-None-Match → 304 costs no body); with nothing cached and the
// server unreachable, the caller's `fallback` is used. Only when there is neither a cached copy
// nor a fallback does getPrompt reject: the caller needs a prompt and there is none to give.

export type TPromptMessageTemplate = { role: "user" | "assistant"; content: string };

/** What to use when Yardstick cannot be reached and nothing is cached. */
export type TPromptFallback = {
  system?: string | null;
  messages: TPromptMessageTemplate[];
  model?: string;
  params?: TPromptParams;
  tools?: TPromptTool[] | null;
};

export type TGetPromptOptions = {
  /** Defaults to "production" when no version is given. */
  label?: string;
  version?: number;
  fallback?: TPromptFallback;
  /** How long a fetched prompt is served without asking the server again. Default 60 s. */
  cacheTtlMs?: number;
};

/** "server": just fetched; "cache": fresh copy; "stale": old copy (a refresh runs in the background); "fallback": the caller's. */
export type TPromptSource = "server" | "cache" | "stale" | "fallback";

export type TPromptErrorReason =
  "not_found" | "unauthorized" | "unavailable" | "invalid_response" | "bad_request" | "disabled";

/** Rejection of getPrompt (only without cache and fallback); also handed to onError. */
export class YardstickPromptError extends YardstickError {
  readonly reason: TPromptErrorReason;
  constructor(reason: TPromptErrorReason, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super("request_failed", message, opts);
    this.reason = reason;
  }
}

export class Prompt {
  readonly name: string;
  readonly version: number;
  readonly labels: string[];
  readonly system: string | null;
  readonly messages: TPromptMessageTemplate[];
  readonly model: string;
  readonly params: TPromptParams;
  readonly tools: TPromptTool[] | null;
  readonly variables: string[];
  readonly source: TPromptSource;

  constructor(p: TPublicPrompt, source: TPromptSource) {
    this.name = p.name;
    this.version = p.version;
    this.labels = p.labels;
    this.system = p.system;
    this.messages = p.messages;
    this.model = p.model;
    this.params = p.params;
    this.tools = p.tools;
    this.variables = p.variables;
    this.source = source;
  }

  /** Renders system and messages; throws MissingVariablesError (from @yardstick/contracts/prompts) naming every missing variable. */
  compile(vars: TTemplateVars = {}) {
    return renderPrompt(this, vars);
  }
}

type TEntry = { prompt: TPublicPrompt; etag: string | null; fetchedAt: number };

export type TPromptClientConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
  onError: (err: YardstickPromptError) => void;
  now?: () => number;
};

const MAX_ENTRIES = 1000;
export const DEFAULT_PROMPT_CACHE_TTL_MS = 60_000;

export class PromptCache {
  private readonly entries = new Map<string, TEntry>();
  private readonly inflight = new Map<string, Promise<TEntry>>();

  constructor(private readonly cfg: TPromptClientConfig) {}

  async get(name: string, opts: TGetPromptOptions = {}): Promise<Prompt> {
    if (opts.label !== undefined && opts.version !== undefined) {
      throw new YardstickPromptError("bad_request", "getPrompt: pass either label or version, not both");
    }
    const query =
      opts.version !== undefined
        ? `version=${opts.version}`
        : `label=${encodeURIComponent(opts.label ?? PRODUCTION_LABEL)}`;
    const key = `${name}?${query}`;
    const ttl = opts.cacheTtlMs ?? DEFAULT_PROMPT_CACHE_TTL_MS;
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.fetchedAt < ttl) return new Prompt(hit.prompt, "cache");
    if (hit) {
      this.fetch(key, name, query).catch((e: unknown) => this.cfg.onError(asPromptError(e)));
      return new Prompt(hit.prompt, "stale");
    }
    try {
      return new Prompt((await this.fetch(key, name, query)).prompt, "server");
    } catch (e) {
      const err = asPromptError(e);
      if (!opts.fallback) throw err;
      this.cfg.onError(err);
      return fallbackPrompt(name, opts);
    }
  }

  private now(): number {
    return this.cfg.now ? this.cfg.now() : Date.now();
  }

  /** One request per key at a time; conditional when a copy is cached. */
  private fetch(key: string, name: string, query: string): Promise<TEntry> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.request(key, name, query).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async request(key: string, name: string, query: string): Promise<TEntry> {
    const cached = this.entries.get(key);
    const url = `${this.cfg.baseUrl}/api/public/prompts/${encodeURIComponent(name)}?${query}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.cfg.apiKey}`, accept: "application/json" };
    if (cached?.etag) headers["if-none-match"] = cached.etag;
    let res: Response;
    try {
      res = await (this.cfg.fetch ?? globalThis.fetch)(url, {
        headers,
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (e) {
      throw new YardstickPromptError("unavailable", `getPrompt ${name}: network error: ${describeError(e)}`, {
        cause: e,
      });
    }
    if (res.status === 304 && cached) {
      const entry = { ...cached, fetchedAt: this.now() };
      this.store(key, entry);
      return entry;
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      const reason: TPromptErrorReason =
        res.status === 404
          ? "not_found"
          : res.status === 401 || res.status === 403
            ? "unauthorized"
            : res.status === 400
              ? "bad_request"
              : "unavailable";
      throw new YardstickPromptError(
        reason,
        `getPrompt ${name}: HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ""}`,
        { status: res.status },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ZPublicPrompt.safeParse(json);
    if (!parsed.success)
      throw new YardstickPromptError("invalid_response", `getPrompt ${name}: unexpected answer from the server`, {
        status: res.status,
      });
    const entry = { prompt: parsed.data, etag: res.headers.get("etag"), fetchedAt: this.now() };
    this.store(key, entry);
    return entry;
  }

  private store(key: string, entry: TEntry) {
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

function asPromptError(e: unknown): YardstickPromptError {
  return e instanceof YardstickPromptError
    ? e
    : new YardstickPromptError("unavailable", `getPrompt: ${describeError(e)}`, { cause: e });
}

export function fallbackPrompt(name: string, opts: TGetPromptOptions): Prompt {
  const f = opts.fallback!;
  const system = f.system ?? null;
  return new Prompt(
    {
      name,
      version: 0,
      labels: [],
      system,
      messages: f.messages,
      model: f.model ?? "",
      params: f.params ?? {},
      tools: f.tools ?? null,
      variables: [],
    },
    "fallback",
  );
}
