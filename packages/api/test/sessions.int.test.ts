import { describe, expect, it } from "vitest";
import { revokeUserSession } from "@yardstick/db";
import { verifyCredentials } from "@yardstick/server/services/users";
import { createCaller, endSession, isSessionLive, startSession } from "../src/index";
import { expectTrpcError, newUser } from "./helpers";

const PASSWORD = "correct horse battery";
const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

async function signedIn(user: { id: string }, ip = "203.0.113.5") {
  const sessionId = await startSession({ userId: user.id, userAgent: CHROME, ip });
  return { sessionId, caller: createCaller({ userId: user.id, sessionId }) };
}

describe("server-side sessions", () => {
  it("sign-out ends the session at once; the token's session id no longer counts", async () => {
    const user = await newUser("signout");
    const { sessionId } = await signedIn(user);
    expect(await isSessionLive(sessionId, user.id)).toBe(true);
    await endSession(user.id, sessionId);
    expect(await isSessionLive(sessionId, user.id)).toBe(false);
  });

  it("a session id is only live for its own user", async () => {
    const a = await newUser("owner-of-session");
    const b = await newUser("other-user");
    const { sessionId } = await signedIn(a);
    expect(await isSessionLive(sessionId, b.id)).toBe(false);
    expect(await isSessionLive("no-such-session", a.id)).toBe(false);
  });

  it("a revocation made elsewhere (another app instance) is seen within 5 seconds", async () => {
    const user = await newUser("cache");
    const { sessionId } = await signedIn(user);
    const t0 = Date.now();
    expect(await isSessionLive(sessionId, user.id, t0)).toBe(true);
    await revokeUserSession(user.id, sessionId); // straight in the database, not through this process
    expect(await isSessionLive(sessionId, user.id, t0 + 1_000)).toBe(true); // cached answer
    expect(await isSessionLive(sessionId, user.id, t0 + 5_001)).toBe(false);
  });

  it("lists the user's live sessions with the current one marked; revoking another user's answers NOT_FOUND", async () => {
    const user = await newUser("lister");
    const here = await signedIn(user, "203.0.113.10");
    const there = await signedIn(user, "203.0.113.20");
    const list = await here.caller.account.sessions();
    expect(list.map((s) => [s.id, s.current, s.ip, s.userAgent])).toEqual(
      expect.arrayContaining([
        [here.sessionId, true, "203.0.113.10", CHROME],
        [there.sessionId, false, "203.0.113.20", CHROME],
      ]),
    );
    expect(list).toHaveLength(2);

    const stranger = await newUser("stranger");
    await expectTrpcError(stranger.caller.account.revokeSession({ sessionId: there.sessionId }), "NOT_FOUND");
    expect(await isSessionLive(there.sessionId, user.id)).toBe(true);

    await here.caller.account.revokeSession({ sessionId: there.sessionId });
    expect(await isSessionLive(there.sessionId, user.id)).toBe(false);
    expect((await here.caller.account.sessions()).map((s) => s.id)).toEqual([here.sessionId]);
  });

  it("sign out everywhere ends every session, this one included", async () => {
    const user = await newUser("everywhere");
    const sessions = [await signedIn(user), await signedIn(user), await signedIn(user)];
    expect(await sessions[0]!.caller.account.signOutEverywhere()).toEqual({ revoked: 3 });
    for (const s of sessions) expect(await isSessionLive(s.sessionId, user.id)).toBe(false);
  });
});

describe("password change", () => {
  it("needs the current password, applies the policy, and ends every other session", async () => {
    const user = await newUser("changer");
    const here = await signedIn(user);
    const others = [await signedIn(user), await signedIn(user)];

    const wrong = await expectTrpcError(
      here.caller.account.changePassword({
        currentPassword: "not my password",
        newPassword: "tangerine submarine lantern",
      }),
      "BAD_REQUEST",
    );
    expect((wrong.cause as { field?: string }).field).toBe("currentPassword");
    const weak = await expectTrpcError(
      here.caller.account.changePassword({ currentPassword: PASSWORD, newPassword: "password1234" }),
      "BAD_REQUEST",
    );
    expect((weak.cause as { field?: string }).field).toBe("newPassword");
    expect(weak.message).toMatch(/too easy to guess/);
    // Nothing changed so far.
    expect(await verifyCredentials(user.email, PASSWORD)).not.toBeNull();
    for (const o of others) expect(await isSessionLive(o.sessionId, user.id)).toBe(true);

    expect(
      await here.caller.account.changePassword({
        currentPassword: PASSWORD,
        newPassword: "tangerine submarine lantern",
      }),
    ).toEqual({ otherSessionsEnded: 2 });
    expect(await verifyCredentials(user.email, PASSWORD)).toBeNull();
    expect(await verifyCredentials(user.email, "tangerine submarine lantern")).not.toBeNull();
    expect(await isSessionLive(here.sessionId, user.id)).toBe(true);
    for (const o of others) expect(await isSessionLive(o.sessionId, user.id)).toBe(false);
  }, 60_000);

  it("guessing the current password is throttled like sign-in", async () => {
    const user = await newUser("guesser");
    const { caller } = await signedIn(user);
    for (let i = 0; i < 5; i++) {
      await expectTrpcError(
        caller.account.changePassword({ currentPassword: `guess ${i}`, newPassword: "tangerine submarine lantern" }),
        "BAD_REQUEST",
      );
    }
    const err = await expectTrpcError(
      caller.account.changePassword({ currentPassword: PASSWORD, newPassword: "tangerine submarine lantern" }),
      "TOO_MANY_REQUESTS",
    );
    expect(err.message).toMatch(/^Too many attempts, try again in \d+ s$/);
    expect(await verifyCredentials(user.email, PASSWORD)).not.toBeNull();
  }, 60_000);
});
