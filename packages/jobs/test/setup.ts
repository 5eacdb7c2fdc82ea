import { afterAll, inject } from "vitest";
import { closeDb, createDb, setDb } from "@yardstick/db";

const db = createDb(inject("databaseUrl"), { poolMax: inject("databaseKind") === "embedded" ? 1 : 5 });
setDb(db);
afterAll(() => closeDb(db));
