import { describe, expect, it } from "vitest";
import { errorCode, formErrors, friendlyMessage, isNotFound } from "./trpc-errors";

/** The shape a TRPCClientError has in the browser: a message and the server's `data`. */
function trpcError(message: string, data: Record<string, unknown>) {
  return Object.assign(new Error(message), { data });
}

describe("formErrors", () => {
  it("is empty without an error", () => {
    expect(formErrors(null, ["name"])).toEqual({ fields: {} });
  });

  it("puts zod field errors on the form's fields and the rest on the form", () => {
    const e = trpcError("invalid input", {
      code: "BAD_REQUEST",
      fieldErrors: { name: ["Too long", "Second message"], slug: ["Taken"], email: [] },
    });
    expect(formErrors(e, ["name", "email"])).toEqual({ fields: { name: "Too long" }, form: "Taken" });
  });

  it("shows a field error the form has no field for on the form, not as the raw message", () => {
    const e = trpcError("invalid input", { fieldErrors: { hidden: ["Must be positive"] } });
    expect(formErrors(e, ["name"])).toEqual({ fields: {}, form: "Must be positive" });
  });

  it("puts a service error that names a field on that field", () => {
    const e = trpcError("A dataset with this name already exists", { code: "CONFLICT", field: "name" });
    expect(formErrors(e, ["name"])).toEqual({ fields: { name: "A dataset with this name already exists" } });
  });

  it("puts any other error on the form", () => {
    const e = trpcError("Only owners can do this", { code: "FORBIDDEN", field: "role" });
    expect(formErrors(e, ["name"])).toEqual({ fields: {}, form: "Only owners can do this" });
    expect(formErrors(new TypeError("Failed to fetch"), ["name"]).form).toBe(
      "Can't reach the server. Check your connection and try again.",
    );
  });
});

describe("errorCode / isNotFound / friendlyMessage", () => {
  it("reads the tRPC code", () => {
    expect(errorCode(trpcError("x", { code: "NOT_FOUND" }))).toBe("NOT_FOUND");
    expect(isNotFound(trpcError("x", { code: "NOT_FOUND" }))).toBe(true);
    expect(isNotFound(trpcError("x", { code: "FORBIDDEN" }))).toBe(false);
    expect(isNotFound(null)).toBe(false);
    expect(isNotFound(new Error("not found"))).toBe(false);
  });

  it("explains network failures and never shows an empty message", () => {
    expect(friendlyMessage(new TypeError("NetworkError when attempting to fetch resource."))).toMatch(/Can't reach/);
    expect(friendlyMessage(new Error(""))).toBe("Something went wrong. Please try again.");
    expect(friendlyMessage("a string")).toBe("Something went wrong. Please try again.");
    expect(friendlyMessage(new Error("Name is taken"))).toBe("Name is taken");
  });
});
