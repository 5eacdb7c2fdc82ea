// Where a command writes: stdout for results (the table, JSON), stderr for progress and errors.
export interface TIo {
  out: (text: string) => void;
  err: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): TIo => ({
  out: (t) => void process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/** Poll interval and timeout of a run; YARDSTICK_POLL_MS lets tests poll faster. */
export function waitOptions(io: TIo, timeoutMin: number | undefined) {
  const poll = Number(io.env.YARDSTICK_POLL_MS ?? "1000");
  return {
    pollMs: Number.isFinite(poll) && poll >= 50 ? poll : 1000,
    timeoutMs: (timeoutMin ?? 60) * 60_000,
    stream: io.err,
  };
}

/** The commit under test: --git-commit, else CI's (GITHUB_SHA), when it is a hex sha. */
export function gitCommit(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const sha = flag ?? env.GITHUB_SHA;
  return sha && /^[0-9a-f]{7,40}$/i.test(sha) ? sha : undefined;
}
