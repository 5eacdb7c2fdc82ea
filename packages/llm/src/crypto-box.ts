import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Seals small secrets (per-project provider API keys) for storage. Format: v1.<iv>.<tag>.<ciphertext>, base64url.
const VERSION = "v1";
const INFO = "yardstick/crypto-box/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CryptoBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CryptoBoxError";
  }
}

function deriveKey(serverSecret: string): Buffer {
  if (serverSecret.length < 16) throw new CryptoBoxError("Server secret must be at least 16 characters");
  return Buffer.from(hkdfSync("sha256", serverSecret, Buffer.alloc(0), INFO, 32));
}

/**
 * `context` (e.g. the project id) is bound as additional authenticated data, so a box copied to
 * another project's row fails to open there.
 */
export function encryptSecret(plaintext: string, serverSecret: string, context = ""): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(serverSecret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(box: string, serverSecret: string, context = ""): string {
  const parts = box.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CryptoBoxError("Not a v1 crypto box");
  const [, ivB64, tagB64, ctB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64url");
  const tag = Buffer.from(tagB64, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CryptoBoxError("Malformed crypto box");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(serverSecret), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ctB64, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new CryptoBoxError("Crypto box failed authentication (wrong key, wrong context or tampered)");
  }
}

/** What a settings page may show instead of a stored key: its last four characters. */
export function maskSecret(secret: string): string {
  return secret.length <= 4 ? "••••" : `••••${secret.slice(-4)}`;
}
