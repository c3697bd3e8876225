// The analyzer's public face for the extension and the CLI. See README "Analyzer".
export { AnalysisMemo, analyzeFile, rules, type AnalysisContext, type AnalyzedRecommendation, type FileAnalysis, type FileCoverage, type RuleData, type SuppressedRecommendation } from './engine';
export { analysisConfigFrom, defaultAnalysisConfig, type AnalysisConfig, type AnalysisSettings, type PrioritySetting, type RuleSetting, type RuleSeverity } from './config';
export { analyzePaths, PathNotFound, type AnalysisRun, type AnalyzePathsOptions, type FileReport, type ReportedRecommendation } from './analyze-paths';
export { catalogFor, catalogData, type ApiCategory, type CatalogData } from './catalog';
export { formatText } from './formatters';
