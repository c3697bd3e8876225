// Injection's public face: plan edits for recommendations, apply them, show them as a diff.
export { planInjection, functionRecommendation, type InjectionPlan, type InjectionOptions, type SkippedRecommendation } from './plan';
export { applyEdits, unifiedDiff, type TextEdit } from './text';
export { builtInTemplates, injectableLanguages, validateCustomTemplates, TemplateError, type CustomTemplates, type LanguageTemplates } from './templates';
export { writeInjectedFile, type WriteResult } from './apply';
