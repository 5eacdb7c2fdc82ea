import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertPublicProviderUrl, isPrivateAddress } from "./provider-url";

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["192.168.1.10", true],
    ["169.254.169.254", true], // cloud metadata
    ["100.64.0.1", true], // carrier-grade NAT
    ["0.0.0.0", true],
    ["::1", true],
    ["fe80::1", true],
    ["fd00::1", true],
    ["::ffff:127.0.0.1", true], // IPv4-mapped loopback
    ["93.184.216.34", false],
    ["2606:4700::6810:84e5", false],
    ["api.anthropic.com", false], // not an address
  ])("%s → %s", (addr, expected) => {
    expect(isPrivateAddress(addr)).toBe(expected);
  });
});

describe("assertPublicProviderUrl", () => {
  const resolvesTo =
    (...ips: string[]) =>
    async () =>
      ips;
  const rejects = async (url: string, lookup = resolvesTo("93.184.216.34")) => {
    const err = await assertPublicProviderUrl(url, "baseUrl", lookup).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "invalid_input", field: "baseUrl" });
    return (err as AppError).message;
  };

  it("accepts a host that resolves only to public addresses", async () => {
    await expect(
      assertPublicProviderUrl("https://llm.example.com/v1", "baseUrl", resolvesTo("93.184.216.34")),
    ).resolves.toBeUndefined();
  });
  it("refuses literal private, loopback and metadata addresses, and localhost names", async () => {
    expect(await rejects("http://127.0.0.1:11434/v1")).toMatch(/private or local address \(127\.0\.0\.1\)/);
    expect(await rejects("http://169.254.169.254/latest")).toMatch(/169\.254\.169\.254/);
    expect(await rejects("http://[::1]:8080")).toMatch(/::1/);
    expect(await rejects("http://localhost:8080")).toMatch(/localhost/);
    expect(await rejects("http://models.localhost")).toMatch(/localhost/);
  });
  it("refuses a name when any of its addresses is private (DNS pointing inside)", async () => {
    expect(await rejects("https://llm.example.com", resolvesTo("93.184.216.34", "10.0.0.5"))).toMatch(/10\.0\.0\.5/);
  });
  it("refuses a name that does not resolve", async () => {
    const fail = async () => {
      throw new Error("ENOTFOUND");
    };
    expect(await rejects("https://nope.invalid", fail)).toMatch(/does not resolve/);
  });
});
