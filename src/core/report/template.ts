// Reports from user templates in a Jinja2-style language (nunjucks). The default template reproduces the coded
// Markdown report; users copy it and change what they need.
import nunjucks from 'nunjucks';
import defaultTemplate from './templates/report.md.njk';
import type { AnalysisReport } from './types';
import { buildView, type ViewOptions } from './view';

export { defaultTemplate };

/** A template that does not compile or fails while rendering; the message is one line. */
export class TemplateError extends Error {}

// A template is data, never code: nunjucks lets `range.constructor("...")()` reach the Function constructor, so
// every member lookup in every template refuses the properties that lead from a value to code or to prototypes.
const FORBIDDEN_MEMBERS = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const templateRuntime = (nunjucks as unknown as { runtime: { memberLookup: (obj: unknown, name: unknown) => unknown } }).runtime;
const memberLookup = templateRuntime.memberLookup;
templateRuntime.memberLookup = (obj, name) => {
  if (FORBIDDEN_MEMBERS.has(String(name))) throw new Error(`templates cannot read '${String(name)}'`);
  return memberLookup(obj, name);
};

// Markdown, not HTML: no autoescaping. trimBlocks/lstripBlocks let block tags sit on their own lines.
const environment = new nunjucks.Environment(null, { autoescape: false, trimBlocks: true, lstripBlocks: true });

export function renderTemplate(report: AnalysisReport, template: string = defaultTemplate, options: ViewOptions = {}, templateName = 'template'): string {
  const view = buildView(report, options);
  try {
    return environment.renderString(template, { ...view });
  } catch (e) {
    // nunjucks puts the position on the first line and the cause on the next ones.
    const message = (e as Error).message.replace(/\(unknown path\)\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
    throw new TemplateError(`${templateName}: ${message}`);
  }
}
