export {
  startFakeAnthropic,
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type TFakeAnthropicReply,
  type TFakeAnthropicHandler,
} from "./fake-anthropic";
export {
  startFakeOpenAI,
  fakeEmbedding,
  FAKE_EMBEDDING_DIM,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type TFakeOpenAIReply,
  type TFakeOpenAIHandler,
} from "./fake-openai";
export type { TRecordedRequest } from "./http-util";
