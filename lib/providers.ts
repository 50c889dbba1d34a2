/** Presets for OpenAI-compatible endpoints: where they live and which variable conventionally holds the key. */
export interface ProviderPreset {
  baseURL: string | null
  /** Conventional environment variable for the key, read only when ORGBENCH_API_KEY is unset. */
  keyVariable: string | null
  keyRequired: boolean
  defaultModel: string | null
  defaultJudgeModel: string | null
}

export const PROVIDERS = {
  sim: { baseURL: null, keyVariable: null, keyRequired: false, defaultModel: 'sim-strong', defaultJudgeModel: 'sim-judge' },
  custom: { baseURL: null, keyVariable: null, keyRequired: false, defaultModel: null, defaultJudgeModel: null },
  openai: { baseURL: 'https://api.openai.com/v1', keyVariable: 'OPENAI_API_KEY', keyRequired: true, defaultModel: null, defaultJudgeModel: null },
  cerebras: { baseURL: 'https://api.cerebras.ai/v1', keyVariable: 'CEREBRAS_API_KEY', keyRequired: true, defaultModel: null, defaultJudgeModel: null },
  groq: { baseURL: 'https://api.groq.com/openai/v1', keyVariable: 'GROQ_API_KEY', keyRequired: true, defaultModel: null, defaultJudgeModel: null },
  openrouter: { baseURL: 'https://openrouter.ai/api/v1', keyVariable: 'OPENROUTER_API_KEY', keyRequired: true, defaultModel: null, defaultJudgeModel: null },
  together: { baseURL: 'https://api.together.xyz/v1', keyVariable: 'TOGETHER_API_KEY', keyRequired: true, defaultModel: null, defaultJudgeModel: null },
  ollama: { baseURL: 'http://localhost:11434/v1', keyVariable: null, keyRequired: false, defaultModel: null, defaultJudgeModel: null },
  vllm: { baseURL: 'http://localhost:8000/v1', keyVariable: 'VLLM_API_KEY', keyRequired: false, defaultModel: null, defaultJudgeModel: null },
  lmstudio: { baseURL: 'http://localhost:1234/v1', keyVariable: null, keyRequired: false, defaultModel: null, defaultJudgeModel: null },
} as const satisfies Record<string, ProviderPreset>

export type ProviderId = keyof typeof PROVIDERS

/** A model the orgbench simulator serves (sim-strong, sim-judge, …): its id starts with "sim-". */
export const isSimulatorModel = (model: unknown): model is string => typeof model === 'string' && model.startsWith('sim-')
