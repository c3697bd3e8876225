// `analyze --llm …`: AI recommendations on top of the rules' (README "AI analysis"). Keys come from the environment.
// A provider that fails never fails the run: the rules' results stand, with one warning line on stderr.
import path from 'node:path';
import {
  analyzeWithLlm,
  createProvider,
  defaultCacheDir,
  keyEnvironmentVariables,
  keyFromEnvironment,
  LlmCache,
  mergeRecommendations,
  ProviderConfigError,
  redact,
  SignatureIndex,
  unitsForFile,
  type LlmAnalysisOptions,
  type LlmProvider,
  type LlmProviderId,
  type ModelPrice,
  type SourceFile,
} from '../core/llm';
import { settingDefaults } from '../core/config/settings';
import { silentLogger } from '../core/log';
import { PRIORITIES, type FileSyntax, type Priority, type Recommendation } from '../core/model';
import { readSource } from '../core/parsing';
import type { AnalysisReport, ReportRecommendation } from '../core/report/types';
import { numberOption } from './args';
import { progressBar, stderrLogger, UsageError, type CliIO } from './io';

/** The options `analyze` adds to its own (node:util parseArgs specs). */
export const llmOptionSpec = {
  llm: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  budget: { type: 'string' },
  'cache-dir': { type: 'string' },
  'openai-api': { type: 'string' },
} as const;

export interface LlmOptionValues {
  llm?: string;
  model?: string;
  'base-url'?: string;
  budget?: string;
  'cache-dir'?: string;
  'openai-api'?: string;
}

/**
 * The AI settings a workspace configuration file may give. Not the provider, endpoint, region, budget or prices:
 * a repository you analyze must not be able to turn AI on, send your key to its own server or raise your budget.
 */
const FILE_SETTINGS = ['ai.model', 'ai.openaiApi', 'ai.temperature', 'ai.maxOutputTokens', 'ai.maxInputTokens', 'ai.maxRetries', 'ai.requestTimeoutMs', 'ai.concurrency'] as const;
export type LlmSettings = Partial<Pick<typeof settingDefaults, (typeof FILE_SETTINGS)[number]>>;

export interface LlmRun {
  provider: LlmProvider;
  secrets: string[];
  cacheDir: string;
  options: Omit<LlmAnalysisOptions, 'provider' | 'secrets' | 'priorities' | 'customPriorities'>;
}

const CLI_PROVIDERS: LlmProviderId[] = ['none', 'openai', 'anthropic', 'openai-compatible', 'bedrock'];

/**
 * Reads and checks the AI options before any analysis starts, so a missing key is exit 2 at once.
 * Undefined when AI analysis is off (no `--llm`, or `--llm none`).
 */
export function llmRunFromOptions(command: string, values: LlmOptionValues, io: CliIO, settings: LlmSettings = {}): LlmRun | undefined {
  const fromFile = Object.fromEntries(FILE_SETTINGS.filter((k) => settings[k] !== undefined).map((k) => [k, settings[k]]));
  const s = { ...settingDefaults, ...fromFile };
  const providerId = (values.llm ?? 'none') as LlmProviderId;
  if (!CLI_PROVIDERS.includes(providerId)) {
    throw new UsageError(`${command}: --llm must be one of ${CLI_PROVIDERS.join(', ')}, got '${providerId}'`);
  }
  if (providerId === 'none') return undefined;
  const openaiApi = values['openai-api'] ?? s['ai.openaiApi'];
  if (openaiApi !== 'chat-completions' && openaiApi !== 'responses') throw new UsageError(`${command}: --openai-api must be chat-completions or responses, got '${openaiApi}'`);
  const budgetUsd = numberOption(command, 'budget', values.budget, s['ai.budgetUsd']);
  if (budgetUsd < 0) throw new UsageError(`${command}: --budget must be 0 or more (USD), got '${values.budget}'`);
  const baseUrl = values['base-url'] ?? (io.env.TRACE_ADVISOR_BASE_URL || undefined);
  if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new UsageError(`${command}: --base-url must be an http(s) URL, got '${baseUrl}'`);
  const apiKey = keyFromEnvironment(providerId, io.env);
  if ((providerId === 'openai' || providerId === 'anthropic') && !apiKey) {
    throw new UsageError(`${command}: --llm ${providerId} needs an API key: set ${keyEnvironmentVariables(providerId).join(' or ')}`);
  }
  const awsCredentials = io.env.AWS_ACCESS_KEY_ID && io.env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: io.env.AWS_ACCESS_KEY_ID, secretAccessKey: io.env.AWS_SECRET_ACCESS_KEY, sessionToken: io.env.AWS_SESSION_TOKEN }
    : undefined;
  let provider: LlmProvider;
  try {
    provider = createProvider({
      provider: providerId,
      model: values.model ?? s['ai.model'],
      baseUrl,
      openaiApi,
      apiKey,
      awsRegion: io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION,
      awsCredentials,
    });
  } catch (e) {
    if (e instanceof ProviderConfigError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
  const secrets = [apiKey, awsCredentials?.secretAccessKey, awsCredentials?.sessionToken].filter((k): k is string => !!k);
  return {
    provider,
    secrets,
    cacheDir: values['cache-dir'] !== undefined ? path.resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.env),
    options: {
      baseUrl,
      temperature: s['ai.temperature'],
      maxOutputTokens: s['ai.maxOutputTokens'],
      maxInputTokens: s['ai.maxInputTokens'],
      maxRetries: s['ai.maxRetries'],
      requestTimeoutMs: s['ai.requestTimeoutMs'],
      concurrency: s['ai.concurrency'],
      budgetUsd,
      prices: parsePrices(command, io.env.TRACE_ADVISOR_PRICES),
    },
  };
}

/** `TRACE_ADVISOR_PRICES='{"my-model":{"input":0.5,"output":1.5}}'`: prices per million tokens over the built-in table. */
function parsePrices(command: string, text: string | undefined): Record<string, ModelPrice> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${command}: TRACE_ADVISOR_PRICES is not JSON`);
  }
  const ok = value && typeof value === 'object' && Object.values(value).every((p: { input?: unknown; output?: unknown }) => typeof p?.input === 'number' && typeof p?.output === 'number' && p.input >= 0 && p.output >= 0);
  if (!ok) throw new UsageError(`${command}: TRACE_ADVISOR_PRICES must map model ids to {"input": USD, "output": USD} per million tokens`);
  return value as Record<string, ModelPrice>;
}

/** What the rules decided, as the analyzer's configuration says it. */
export interface LlmAnalysisScope {
  priorities?: Record<Priority, { enabled: boolean }>;
  customPriorities?: string[];
}

function toReport(rec: Recommendation): ReportRecommendation {
  const { id, rule, priority, function: name, qualifiedName, line, endLine, spanKind, spanName, score, rationale, capture, source } = rec;
  return { id, rule, priority, function: name, qualifiedName, line, endLine, spanKind, spanName, score, rationale, capture, source };
}

/**
 * Adds AI recommendations to `report` (merged with the rules'), and its usage. Never throws for the provider's
 * sake: whatever goes wrong is one redacted warning line on stderr and the rules' report is kept.
 */
export async function enrichWithLlm(report: AnalysisReport, files: readonly FileSyntax[], run: LlmRun, io: CliIO, scope: LlmAnalysisScope = {}): Promise<void> {
  const verbose = !!io.env.TRACE_ADVISOR_DEBUG;
  report.model = { provider: run.provider.name, name: run.provider.model };
  try {
    const root = report.root ?? io.cwd;
    const sources: SourceFile[] = [];
    for (const syntax of files) {
      const read = await readSource(path.join(root, syntax.path), Number.MAX_SAFE_INTEGER);
      if (read.ok) sources.push({ syntax, text: read.text });
    }
    const index = new SignatureIndex(sources.map((s) => s.syntax));
    const pathOf = new Map<string, string>();
    const units = sources.flatMap((source) => {
      const findings = report.files.find((f) => f.path === source.syntax.path)?.recommendations ?? [];
      const fileUnits = unitsForFile(source, findings, index);
      for (const u of fileUnits) for (const f of u.functions) pathOf.set(f.fn.qualifiedName, source.syntax.path);
      return fileUnits;
    });
    const bar = progressBar(io, 'AI analysis');
    const logger = verbose ? stderrLogger(io, true) : silentLogger;
    const result = await analyzeWithLlm(units, {
      ...run.options,
      provider: run.provider,
      secrets: run.secrets,
      priorities: scope.priorities ? PRIORITIES.filter((p) => scope.priorities?.[p]?.enabled !== false) : PRIORITIES,
      customPriorities: scope.customPriorities ?? [],
      cache: new LlmCache(run.cacheDir, logger),
      logger,
      onProgress: ({ done, total }) => bar.update(done, total),
    }).finally(() => bar.done());
    for (const file of report.files) {
      const ai = result.recommendations.filter((r) => pathOf.get(r.qualifiedName) === file.path).map(toReport);
      if (ai.length) file.recommendations = mergeRecommendations(file.recommendations, ai);
    }
    report.usage = { ...result.usage, costUsd: Math.round(result.usage.costUsd * 1e6) / 1e6 };
    if (result.warnings.length) {
      const main = result.stopMessage ?? result.warnings[0];
      const more = result.warnings.length > 1 ? ` (${result.warnings.length - 1} more; set TRACE_ADVISOR_DEBUG=1 to see them)` : '';
      io.stderr(`trace-advisor: warning: ${main}; ${result.analyzed} of ${result.total} functions analyzed by AI${more}\n`);
    }
  } catch (e) {
    io.stderr(`trace-advisor: warning: AI analysis failed, rules only: ${redact(String((e as Error)?.message ?? e), run.secrets).split('\n')[0]}\n`);
  }
}
