import type { z } from "zod";
import { ZExperimentArtifact, type TExperimentArtifact } from "@yardstick/contracts/experiments";
import { ZPublicPrompt, type TPublicPrompt } from "@yardstick/contracts/prompts";
import {
  ZPublicComparison,
  ZPublicDatasetPushResponse,
  ZPublicRunListResponse,
  ZPublicRunProgress,
  ZPublicStartRunResponse,
  type TPublicComparison,
  type TPublicDatasetPushResponse,
  type TPublicRunListResponse,
  type TPublicRunProgress,
  type TPublicStartRunRequest,
  type TPublicStartRunResponse,
} from "@yardstick/contracts/public-runs";
import type { TConnection } from "./config";
import { CliError, type TCliErrorKind } from "./errors";

// The public API over HTTP, answers checked against the same zod schemas the server uses. Every
// failure becomes a CliError that says what went wrong: unreachable, key refused, bad input.

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 30_000;

function kindOf(status: number): TCliErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status >= 400 && status < 500) return "invalid";
  return "server";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiClient {
  constructor(
    private readonly conn: TConnection,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async send(method: string, path: string, body?: { json?: unknown; text?: string }): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.conn.apiKey}`,
      "user-agent": "yardstick-cli",
    };
    if (body?.json !== undefined) headers["content-type"] = "application/json";
    if (body?.text !== undefined) headers["content-type"] = "application/x-ndjson";
    const payload = body?.json !== undefined ? JSON.stringify(body.json) : body?.text;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.conn.url}${path}`, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const c = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
        const cause = c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? (err as Error).message;
        if (attempt < MAX_ATTEMPTS && method === "GET") {
          await sleep(250 * attempt);
          continue;
        }
        throw new CliError(
          "unreachable",
          `cannot reach ${this.conn.url} (${cause}): is YARDSTICK_URL right and the server up?`,
        );
      }
      if (RETRY_STATUSES.has(res.status) && attempt < MAX_ATTEMPTS) {
        const wait = Math.min(Number(res.headers.get("retry-after") ?? "1") * 1000 || 1000, 10_000);
        await res.body?.cancel();
        await sleep(wait);
        continue;
      }
      if (!res.ok) throw await this.errorOf(res, method, path);
      return res;
    }
  }

  private async errorOf(res: Response, method: string, path: string): Promise<CliError> {
    const text = await res.text();
    let message = text.slice(0, 300);
    try {
      const j = JSON.parse(text) as { error?: string };
      if (typeof j.error === "string") message = j.error;
    } catch {
      // not JSON: keep the text
    }
    const kind = kindOf(res.status);
    if (kind === "auth") message = `${message} — check YARDSTICK_API_KEY (${this.conn.apiKey.slice(0, 6)}…)`;
    if (res.status === 404 && !message) message = `${method} ${path}: not found (is YARDSTICK_URL a Yardstick server?)`;
    return new CliError(kind, `${message} (HTTP ${res.status})`);
  }

  private async json<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      throw new CliError("server", `${what}: the answer is not JSON (is YARDSTICK_URL a Yardstick server?)`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success)
      throw new CliError(
        "server",
        `${what}: unexpected answer (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}); is the CLI older than the server?`,
      );
    return parsed.data;
  }

  async startRun(req: TPublicStartRunRequest): Promise<TPublicStartRunResponse> {
    return this.json(
      await this.send("POST", "/api/public/experiments", { json: req }),
      ZPublicStartRunResponse,
      "start run",
    );
  }

  async progress(runId: string): Promise<TPublicRunProgress> {
    return this.json(
      await this.send("GET", `/api/public/experiments/${encodeURIComponent(runId)}/progress`),
      ZPublicRunProgress,
      "progress",
    );
  }

  async artifact(runId: string): Promise<TExperimentArtifact> {
    return this.json(
      await this.send("GET", `/api/public/experiments/${encodeURIComponent(runId)}`),
      ZExperimentArtifact,
      "artifact",
    );
  }

  async compare(
    runId: string,
    q: { baselineRunId?: string; baselineArm?: number; candidateArm?: number; partition?: string },
  ): Promise<TPublicComparison> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) qs.set(k, String(v));
    return this.json(
      await this.send("GET", `/api/public/experiments/${encodeURIComponent(runId)}/compare?${qs}`),
      ZPublicComparison,
      "comparison",
    );
  }

  async listRuns(q: { dataset?: string; limit?: number; cursor?: string }): Promise<TPublicRunListResponse> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) qs.set(k, String(v));
    return this.json(await this.send("GET", `/api/public/experiments?${qs}`), ZPublicRunListResponse, "list runs");
  }

  async prompt(name: string, ref: { label?: string; version?: number }): Promise<TPublicPrompt> {
    const qs =
      ref.version !== undefined ? `version=${ref.version}` : `label=${encodeURIComponent(ref.label ?? "production")}`;
    return this.json(
      await this.send("GET", `/api/public/prompts/${encodeURIComponent(name)}?${qs}`),
      ZPublicPrompt,
      "prompt",
    );
  }

  async pushDataset(
    name: string,
    content: string,
    opts: { mode?: string; message?: string } = {},
  ): Promise<TPublicDatasetPushResponse> {
    const qs = new URLSearchParams();
    if (opts.mode) qs.set("mode", opts.mode);
    if (opts.message) qs.set("message", opts.message);
    return this.json(
      await this.send("POST", `/api/public/datasets/${encodeURIComponent(name)}/jsonl?${qs}`, { text: content }),
      ZPublicDatasetPushResponse,
      "push dataset",
    );
  }

  async pullDataset(name: string, version?: number): Promise<{ content: string; version: number }> {
    const qs = version !== undefined ? `?version=${version}` : "";
    const res = await this.send("GET", `/api/public/datasets/${encodeURIComponent(name)}/jsonl${qs}`);
    return { content: await res.text(), version: Number(res.headers.get("x-dataset-version") ?? "0") };
  }
}
