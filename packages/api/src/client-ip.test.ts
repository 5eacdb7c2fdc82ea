import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./client-ip";

describe("clientIpFrom", () => {
  it("with no proxy, takes the one entry the app's server wrote (the socket peer)", () => {
    expect(clientIpFrom("203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientIpFrom("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientIpFrom(null, 0)).toBeNull();
    expect(clientIpFrom(" , ", 0)).toBeNull();
  });

  it("behind N proxies, takes the N-th entry from the right, never the forgeable leftmost", () => {
    // The client sent "1.1.1.1" itself; the one trusted proxy appended the real peer.
    expect(clientIpFrom("1.1.1.1, 198.51.100.9", 1)).toBe("198.51.100.9");
    // CDN then load balancer: the LB appended the CDN's address, the CDN appended the client's.
    expect(clientIpFrom("1.1.1.1, 198.51.100.9, 10.0.0.2", 2)).toBe("198.51.100.9");
    // A request that skipped a proxy has fewer hops: fall back to the leftmost.
    expect(clientIpFrom("198.51.100.9", 2)).toBe("198.51.100.9");
  });

  it("normalises ports, brackets and IPv4-mapped IPv6", () => {
    expect(clientIpFrom("198.51.100.9:51234", 0)).toBe("198.51.100.9");
    expect(clientIpFrom("[2001:DB8::1]:443", 0)).toBe("2001:db8::1");
    expect(clientIpFrom("2001:db8::1", 0)).toBe("2001:db8::1");
  });
});
