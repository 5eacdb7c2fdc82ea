import { describe, expect, it } from "vitest";
import { hasRole, ROLES } from "./roles";

describe("hasRole", () => {
  it("orders OWNER > ADMIN > MEMBER > VIEWER", () => {
    const grid = ROLES.map((actual) => ROLES.map((required) => (hasRole(actual, required) ? 1 : 0)).join(""));
    // rows: actual OWNER..VIEWER; columns: required OWNER..VIEWER
    expect(grid).toEqual(["1111", "0111", "0011", "0001"]);
  });
});
