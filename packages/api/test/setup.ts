import { afterAll, inject } from "vitest";
import { closeDb, createDb, setDb } from "@yardstick/db";

process.env.YARDSTICK_SECRET = "integration-test-secret-0123456789";
// Embedded Postgres runs one statement at a time: one connection keeps transactions whole.
const db = createDb(inject("databaseUrl"), { poolMax: inject("databaseKind") === "embedded" ? 1 : 5 });
setDb(db);
afterAll(() => closeDb(db));
