import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { AppError } from "../errors";

// With YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS=false a provider base URL may not point into the
// server's own network (SSRF): loopback, private, link-local (cloud metadata), unique-local,
// carrier-grade NAT and unspecified addresses are refused, for literal IPs and for every address
// a host name resolves to. On by default: self-hosters run local models on private addresses.

const BLOCKED_RANGES = new Set([
  "unspecified",
  "broadcast",
  "multicast",
  "linkLocal",
  "loopback",
  "carrierGradeNat",
  "private",
  "uniqueLocal",
  "reserved",
  "ipv4Mapped",
  "rfc6145",
  "rfc6052",
  "6to4",
  "teredo",
]);

export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return BLOCKED_RANGES.has(ip.range());
}

type TLookup = (host: string) => Promise<string[]>;
const systemLookup: TLookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Throws invalid_input naming `field` when `url` reaches a private address; `lookupHost` is for tests. */
export async function assertPublicProviderUrl(url: string, field = "baseUrl", lookupHost: TLookup = systemLookup) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw new AppError(
      "invalid_input",
      "Base URL points to this server (localhost); private provider URLs are disabled",
      field,
    );
  }
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await lookupHost(host);
  } catch {
    throw new AppError("invalid_input", `Base URL host "${host}" does not resolve`, field);
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) {
    throw new AppError(
      "invalid_input",
      `Base URL resolves to a private or local address (${bad}); private provider URLs are disabled on this server`,
      field,
    );
  }
}
