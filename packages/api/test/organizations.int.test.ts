import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../src/index";
import { expectTrpcError, newTenant, newUser } from "./helpers";

describe("sign-up", () => {
  it("rejects bad input naming the field, and creates nothing", async () => {
    const anon = createCaller({ userId: null });
    const err = await expectTrpcError(
      anon.auth.signUp({ name: "x", email: "not-an-email", password: "short" }),
      "BAD_REQUEST",
    );
    const fieldErrors = (err.cause as { issues?: Array<{ path: string[] }> }).issues?.map((i) => i.path[0]);
    expect(fieldErrors).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("makes no second account with the same email (case-insensitive), without saying so", async () => {
    const { verifyCredentials } = await import("@yardstick/server/services/users");
    const user = await newUser("dup");
    const anon = createCaller({ userId: null });
    // Same answer as for a new email (sign-in-limits.int.test.ts has the details); nothing changes.
    expect(
      await anon.auth.signUp({ name: "again", email: user.email.toUpperCase(), password: "another passphrase" }),
    ).toEqual({ ok: true });
    expect(await verifyCredentials(user.email, "another passphrase")).toBeNull();
    expect((await verifyCredentials(user.email, "correct horse battery"))?.id).toBe(user.id);
  });

  it("verifies credentials with the stored bcrypt hash", async () => {
    const { verifyCredentials } = await import("@yardstick/server/services/users");
    const user = await newUser("login");
    expect((await verifyCredentials(user.email, "correct horse battery"))?.id).toBe(user.id);
    expect(await verifyCredentials(user.email, "wrong password")).toBeNull();
    expect(await verifyCredentials("nobody@example.test", "correct horse battery")).toBeNull();
  });
});

describe("organisations and projects", () => {
  it("create makes the caller OWNER; list shows orgs with their projects", async () => {
    const { owner, org, project } = await newTenant("orgs");
    const list = await owner.caller.organizations.list();
    expect(list).toEqual([
      { id: org.id, name: org.name, role: "OWNER", projects: [{ id: project.id, name: project.name }] },
    ]);
  });

  it("rename trims and validates the name; a bad name changes nothing", async () => {
    const { owner, org } = await newTenant("rename");
    await owner.caller.organizations.rename({ organizationId: org.id, name: "  Acme AI  " });
    expect((await owner.caller.organizations.get({ organizationId: org.id })).name).toBe("Acme AI");
    await expectTrpcError(owner.caller.organizations.rename({ organizationId: org.id, name: "   " }), "BAD_REQUEST");
    await expectTrpcError(
      owner.caller.organizations.rename({ organizationId: org.id, name: "x".repeat(81) }),
      "BAD_REQUEST",
    );
    expect((await owner.caller.organizations.get({ organizationId: org.id })).name).toBe("Acme AI");
  });

  it("deleting a project or organisation needs the exact name and removes everything under it", async () => {
    const { owner, org, project } = await newTenant("delete");
    await owner.caller.apiKeys.create({ projectId: project.id, name: "k", scopes: ["read"] });
    await expectTrpcError(owner.caller.projects.delete({ projectId: project.id, confirmName: "wrong" }), "BAD_REQUEST");
    expect((await owner.caller.projects.list({ organizationId: org.id })).length).toBe(1);
    await owner.caller.projects.delete({ projectId: project.id, confirmName: project.name });
    await expectTrpcError(owner.caller.apiKeys.list({ projectId: project.id }), "NOT_FOUND");
    await owner.caller.organizations.delete({ organizationId: org.id, confirmName: org.name });
    expect(await owner.caller.organizations.list()).toEqual([]);
  });
});

describe("members", () => {
  it("the last owner can neither leave nor be demoted; with two owners one may leave", async () => {
    const { owner, org } = await newTenant("owners");
    await expectTrpcError(owner.caller.members.leave({ organizationId: org.id }), "PRECONDITION_FAILED");
    await expectTrpcError(
      owner.caller.members.changeRole({ organizationId: org.id, userId: owner.id, role: "ADMIN" }),
      "PRECONDITION_FAILED",
    );
    const second = await newUser("second-owner");
    const { token } = await owner.caller.members.invite({ organizationId: org.id, email: second.email, role: "OWNER" });
    await second.caller.members.acceptInvitation({ token });
    await owner.caller.members.leave({ organizationId: org.id });
    expect(await owner.caller.organizations.list()).toEqual([]);
    const members = await second.caller.members.list({ organizationId: org.id });
    expect(members.map((m) => [m.email, m.role])).toEqual([[second.email, "OWNER"]]);
  });

  it("a removed member loses access at once", async () => {
    const { owner, org, project } = await newTenant("remove");
    const m = await newUser("member");
    const { token } = await owner.caller.members.invite({ organizationId: org.id, email: m.email, role: "MEMBER" });
    await m.caller.members.acceptInvitation({ token });
    await expect(m.caller.projects.get({ projectId: project.id })).resolves.toMatchObject({ role: "MEMBER" });
    await owner.caller.members.remove({ organizationId: org.id, userId: m.id });
    await expectTrpcError(m.caller.projects.get({ projectId: project.id }), "NOT_FOUND");
  });
});

describe("invitations", () => {
  it("a link works once, only for the invited email, and can be revoked", async () => {
    const { owner, org } = await newTenant("invites");
    const invitee = await newUser("invitee");
    const stranger = await newUser("stranger");
    const { token, path, invitation } = await owner.caller.members.invite({
      organizationId: org.id,
      email: invitee.email.toUpperCase(),
      role: "ADMIN",
    });
    expect(path).toBe(`/invite/${token}`);
    expect(invitation.email).toBe(invitee.email);
    expect(await invitee.caller.members.previewInvitation({ token })).toMatchObject({
      organizationName: org.name,
      role: "ADMIN",
      state: "pending",
    });
    await expectTrpcError(stranger.caller.members.acceptInvitation({ token }), "FORBIDDEN");
    await expect(invitee.caller.members.acceptInvitation({ token })).resolves.toEqual({ organizationId: org.id });
    await expectTrpcError(invitee.caller.members.acceptInvitation({ token }), "PRECONDITION_FAILED");
    expect((await invitee.caller.members.previewInvitation({ token })).state).toBe("accepted");
    expect((await invitee.caller.organizations.get({ organizationId: org.id })).role).toBe("ADMIN");

    const other = await owner.caller.members.invite({ organizationId: org.id, email: stranger.email, role: "VIEWER" });
    expect((await owner.caller.members.invitations({ organizationId: org.id })).map((i) => i.email)).toEqual([
      stranger.email,
    ]);
    await owner.caller.members.revokeInvitation({ organizationId: org.id, invitationId: other.invitation.id });
    await expectTrpcError(stranger.caller.members.acceptInvitation({ token: other.token }), "PRECONDITION_FAILED");
    await expectTrpcError(stranger.caller.organizations.get({ organizationId: org.id }), "NOT_FOUND");
  });

  it("stores only a hash of the token; an unknown token is NOT_FOUND; inviting a member is a CONFLICT", async () => {
    const { owner, org } = await newTenant("invite-hash");
    const { token } = await owner.caller.members.invite({
      organizationId: org.id,
      email: "h@example.test",
      role: "MEMBER",
    });
    const { getDb } = await import("@yardstick/db");
    const rows = await getDb().$queryRaw<
      Array<{ tokenHash: string }>
    >`SELECT "tokenHash" FROM "Invitation" WHERE "organizationId" = ${org.id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    await expectTrpcError(owner.caller.members.previewInvitation({ token: token.slice(0, -2) + "zz" }), "NOT_FOUND");
    const err = await expectTrpcError(
      owner.caller.members.invite({ organizationId: org.id, email: owner.email, role: "MEMBER" }),
      "CONFLICT",
    );
    expect(err).toBeInstanceOf(TRPCError);
  });
});
