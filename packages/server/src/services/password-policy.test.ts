import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("password policy", () => {
  it("refuses the commonest passwords even when long enough", () => {
    for (const p of ["password123", "qwertyuiop", "1qaz2wsx3edc", "iloveyou12", "Password1234", "abcdefghij"]) {
      expect(passwordProblem(p), p).toMatch(/^Password is too easy to guess/);
    }
  });

  it("refuses short passwords with the length in the message", () => {
    expect(passwordProblem("Xk#9qL!2")).toBe("Password must be at least 10 characters");
  });

  it("refuses a password built from the user's own email or name", () => {
    expect(passwordProblem("zorbatrixquell", ["zorbatrix@quell.dev", "Zorba Trix"])).toMatch(/too easy/);
    expect(passwordProblem("zorbatrixquell")).toBeNull();
  });

  it("accepts passphrases and random strings", () => {
    for (const p of ["correct-horse-battery", "correct horse battery", "v8#Lq2!xRt9z", "marmalade tugboat orbit"]) {
      expect(passwordProblem(p), p).toBeNull();
    }
  });
});
