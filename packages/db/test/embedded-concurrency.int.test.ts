import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../src/embedded";

// PGlite has one session; the socket server shares it between connections. node-postgres sends an
// extended query as separate Parse/Bind/Execute/Sync messages, so another connection's messages
// must not run between them (the unnamed statement would be replaced: 08P01).
describe("the embedded Postgres with several connections", () => {
  let e: EmbeddedPostgres;
  beforeAll(async () => {
    e = await startEmbeddedPostgres({});
  });
  afterAll(async () => {
    await e.stop();
  });

  it("runs interleaved parameterised queries from many connections without mixing them", async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = new pg.Client({ connectionString: e.url });
        await c.connect();
        return c;
      }),
    );
    try {
      const results = await Promise.all(
        clients.map(async (c, k) => {
          const got: number[] = [];
          for (let i = 0; i < 60; i++) {
            // Different parameter counts per connection: a mixed-up Bind fails loudly.
            // A large text parameter makes the Bind message span several TCP reads.
            const params = Array.from({ length: (k % 3) + 1 }, (_, j) => i + j);
            const sql = `SELECT ${params.map((_, j) => `$${j + 1}::int`).join(" + ")} + length($${params.length + 1}) * 0 AS s`;
            const { rows } = await c.query<{ s: number }>(sql, [...params, "x".repeat(k % 2 ? 300_000 : 10)]);
            got.push(rows[0]!.s);
          }
          return got;
        }),
      );
      results.forEach((got, k) => {
        const n = (k % 3) + 1;
        expect(got).toEqual(Array.from({ length: 60 }, (_, i) => n * i + (n * (n - 1)) / 2));
      });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it("keeps serving after a statement fails on one connection", async () => {
    const a = new pg.Client({ connectionString: e.url });
    const b = new pg.Client({ connectionString: e.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await expect(a.query("SELECT $1::int / 0", [1])).rejects.toThrow(/division by zero/);
      const [ra, rb] = await Promise.all([
        a.query("SELECT $1::int AS x", [7]),
        b.query("SELECT $1::text AS x", ["ok"]),
      ]);
      expect(ra.rows[0].x).toBe(7);
      expect(rb.rows[0].x).toBe("ok");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
