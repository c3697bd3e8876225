// The AI layer's public API, for the command line and the extension. See README "AI analysis".
export * from './types';
export { redact, redactingLogger, REDACTED } from './redact';
export { Budget, costOf, estimateTokens, priceFor, type ModelPrice } from './cost';
export { LlmCache, clearCache, defaultCacheDir, cacheKey } from './cache';
export { buildPrompt, PROMPT_VERSION, type AnalysisUnit, type FunctionContext, type RuleFinding, type PromptOptions } from './prompt';
export { answerSchema, type AnswerItem } from './schema';
export { checkAnswer, toRecommendation } from './validate';
export { mergeRecommendations, type Mergeable } from './merge';
export { SignatureIndex, signatureOf, unitsForFile, functionContext, analyzableFunctions, type SourceFile } from './context';
export { analyzeWithLlm, type LlmAnalysisOptions, type LlmAnalysisResult, type ConsentRequest, type StopReason } from './engine';
export { completeWithRetries, ConcurrencyLimit, defaultRetryPolicy, type RetryPolicy } from './transport';
export { createProvider, keyEnvironmentVariables, keyFromEnvironment, ProviderConfigError, type ProviderConfig } from './providers';
