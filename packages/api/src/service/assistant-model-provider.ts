// The operator's language model for the assistant: any endpoint that speaks OpenAI's chat
// completions (a hosted service, llama.cpp's server, Ollama's /v1). Built once at start-up;
// nothing is sent until the first answer.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";

export interface AssistantModelConfig {
  /** The API's base, the part before `/chat/completions` (e.g. `http://localhost:11434/v1`). */
  baseURL: string;
  /** The model's name at that endpoint. */
  model: string;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string | undefined;
  /** The provider's name in the SDK's metadata. */
  name?: string;
}

/** The chat model at an OpenAI-compatible endpoint. Makes no request. */
export function assistantModelFrom(config: AssistantModelConfig): LanguageModel {
  const provider = createOpenAICompatible({
    name: config.name ?? "assistant",
    baseURL: config.baseURL.replace(/\/+$/, ""),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    // Streamed answers report their tokens too: the practice's daily budget counts them.
    includeUsage: true,
  });
  return provider.chatModel(config.model);
}
