/**
 * How structured output is asked for (ORGBENCH_RESPONSE_FORMAT): `json_schema`, the schema as a
 * strict response format; `json_object`, JSON mode, for models and providers that refuse a strict
 * schema (Groq's llama models, OpenAI's gpt-4-turbo); `none`, no response format, for endpoints
 * that refuse or ignore one. The prompt states the schema in every mode, and every reply is read
 * the same way (lib/llm/structured.ts). Apart from lib/llm/response-format.ts, which loads the
 * openai SDK, so that reading the configuration does not.
 */
export const RESPONSE_FORMAT_MODES = ['json_schema', 'json_object', 'none'] as const
export type ResponseFormatMode = (typeof RESPONSE_FORMAT_MODES)[number]
