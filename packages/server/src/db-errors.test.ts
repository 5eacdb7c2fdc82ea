import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isUnstorableValue } from "./db-errors";

// Shapes as pg 8.23, @prisma/adapter-pg and Prisma Client 7.10 throw them (seen in
// reliability.int.test.ts, which kills real backends).
const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code, severity: "FATAL" });
const prismaWrapped = (cause: Record<string, unknown>, code = "P2010") =>
  Object.assign(new Error("Invalid `prisma.$queryRaw()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: Object.assign(new Error("x"), { name: "DriverAdapterError", cause }) },
  });

describe("isDatabaseUnavailable", () => {
  it("recognises connection loss by class and code through every wrapping layer", () => {
    const unavailable = [
      pgError("57P01", "terminating connection due to administrator command"),
      pgError("08006"),
      pgError("53300"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect" }),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      prismaWrapped({ kind: "postgres", originalCode: "57P01" }),
      prismaWrapped({ kind: "DatabaseNotReachable", host: "db" }, "P1001"),
      prismaWrapped({ kind: "ConnectionClosed" }, "P1017"),
      new Error("wrapped", { cause: pgError("57P03") }),
    ];
    for (const err of unavailable) expect(isDatabaseUnavailable(err), String(err)).toBe(true);
  });

  it("does not take other failures, or look-alike messages, for an outage", () => {
    const others = [
      pgError("23505"),
      pgError("57014"), // query_canceled: class 57 but not 57P
      pgError("22021"),
      prismaWrapped({ kind: "UniqueConstraintViolation" }, "P2002"),
      prismaWrapped({ kind: "postgres", originalCode: "42P01" }),
      new TypeError("Connection terminated unexpectedly"), // not pg's plain Error
      new Error("Connection terminated unexpectedly while parsing the upload"),
      null,
      "Connection terminated",
    ];
    for (const err of others) expect(isDatabaseUnavailable(err), String(err)).toBe(false);
  });

  it("follows a cycle of causes without looping", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = new Error("b", { cause: a });
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("isUnstorableValue", () => {
  it("is Postgres refusing the client's text, bare or wrapped by Prisma", () => {
    expect(isUnstorableValue(pgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00'))).toBe(true);
    expect(isUnstorableValue(prismaWrapped({ kind: "postgres", originalCode: "22P05" }, "P2039"))).toBe(true);
    expect(isUnstorableValue(pgError("23505"))).toBe(false);
  });
});
