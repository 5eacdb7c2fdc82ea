import { decryptSecret, encryptSecret, modelProviderStatus, type TProviderSettings } from "@yardstick/llm";
import {
  deleteProviderCredentialRow,
  listProviderCredentialRows,
  listSealedProviderCredentials,
  upsertProviderCredential,
} from "@yardstick/db";
import { z } from "zod";
import { serverEnv } from "../env";
import { AppError } from "../errors";
import { assertPublicProviderUrl } from "../net/provider-url";

// Per-project model-provider keys, sealed under the server secret with the project id as the
// box's context (a row copied to another project does not open). Never returned to a browser:
// lists show provider, base URL and the last four characters only.

export const PROVIDERS = ["anthropic", "openai-compatible"] as const;
export const ZProvider = z.enum(PROVIDERS, { error: "Provider must be anthropic or openai-compatible" });
export type TProvider = z.infer<typeof ZProvider>;

export const ZSetProviderInput = z.object({
  provider: ZProvider,
  apiKey: z.string().trim().min(8, "Paste the provider's API key").max(500),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "Enter an http(s) URL" })
    .max(500)
    .nullable()
    .default(null),
});

export async function listProviderCredentials(projectId: string) {
  return listProviderCredentialRows(projectId);
}

export async function setProviderCredential(
  projectId: string,
  userId: string | null,
  input: z.output<typeof ZSetProviderInput>,
) {
  if (input.provider === "openai-compatible" && !input.baseUrl) {
    throw new AppError("invalid_input", "An OpenAI-compatible provider needs a base URL", "baseUrl");
  }
  if (input.baseUrl && !serverEnv().allowPrivateProviderUrls) await assertPublicProviderUrl(input.baseUrl);
  return upsertProviderCredential({
    projectId,
    provider: input.provider,
    baseUrl: input.baseUrl,
    encryptedKey: encryptSecret(input.apiKey, serverEnv().serverSecret, projectId),
    last4: input.apiKey.slice(-4),
    createdById: userId,
  });
}

export async function deleteProviderCredential(projectId: string, provider: TProvider) {
  if (!(await deleteProviderCredentialRow(projectId, provider)))
    throw new AppError("not_found", "No key stored for this provider");
}

/** Decrypted settings for @yardstick/llm; providers without a stored key fall back to the server's env. */
export async function projectProviderSettings(projectId: string): Promise<TProviderSettings> {
  const rows = await listSealedProviderCredentials(projectId);
  const settings: TProviderSettings = {};
  for (const r of rows) {
    const apiKey = decryptSecret(r.encryptedKey, serverEnv().serverSecret, projectId);
    // Checked again at use: a host name may have been re-pointed at a private address since it was saved.
    if (r.baseUrl && !serverEnv().allowPrivateProviderUrls) await assertPublicProviderUrl(r.baseUrl);
    const entry = { apiKey, ...(r.baseUrl && { baseURL: r.baseUrl }) };
    if (r.provider === "anthropic") settings.anthropic = entry;
    else if (r.provider === "openai-compatible") settings.openaiCompatible = entry;
  }
  return settings;
}

/**
 * Whether a model would find a key (stored for the project, or the server's default), so pages
 * can say so before Run. Reads which keys are stored without decrypting them.
 */
export async function providerStatusFor(projectId: string, model: string) {
  const rows = await listProviderCredentialRows(projectId);
  const settings: TProviderSettings = {};
  for (const r of rows) {
    if (r.provider === "anthropic") settings.anthropic = { apiKey: "stored" };
    else if (r.provider === "openai-compatible")
      settings.openaiCompatible = { apiKey: "stored", ...(r.baseUrl && { baseURL: r.baseUrl }) };
  }
  return modelProviderStatus(model, settings);
}
