// Building analysis units from parsed files: one per function, or one for a call-tree path. Callee signatures come
// from the functions the workspace defines, matched by name (the call tracer's resolution can be passed instead).
import type { FileSyntax, FunctionDef } from '../model';
import type { AnalysisUnit, FunctionContext, RuleFinding } from './prompt';

export interface SourceFile {
  syntax: FileSyntax;
  text: string;
}

export function signatureOf(fn: FunctionDef): string {
  const params = fn.parameters.map((p) => (p.type ? `${p.name}: ${p.type}` : p.name)).join(', ');
  return `${fn.isAsync ? 'async ' : ''}${fn.qualifiedName}(${params})${fn.returnType ? ` -> ${fn.returnType}` : ''}`;
}

const MAX_CALLEES = 25;

/** Signatures of the workspace functions a function calls, where the callee's name names exactly one function. */
export class SignatureIndex {
  private readonly byName = new Map<string, FunctionDef[]>();

  constructor(files: readonly FileSyntax[]) {
    for (const file of files) {
      for (const fn of file.functions) {
        if (fn.kind === 'module' || fn.kind === 'lambda') continue;
        const list = this.byName.get(fn.name) ?? [];
        list.push(fn);
        this.byName.set(fn.name, list);
      }
    }
  }

  calleesOf(fn: FunctionDef, file: FileSyntax): string[] {
    const result = new Set<string>();
    for (const call of file.calls) {
      if (call.caller !== fn.qualifiedName) continue;
      const candidates = (this.byName.get(call.name) ?? []).filter((c) => c.qualifiedName !== fn.qualifiedName);
      const sameFile = candidates.filter((c) => file.functions.includes(c));
      const chosen = candidates.length === 1 ? candidates[0] : sameFile.length === 1 ? sameFile[0] : undefined;
      if (chosen) result.add(signatureOf(chosen));
      if (result.size >= MAX_CALLEES) break;
    }
    return [...result];
  }
}

/** The file's functions worth asking about: not module top-level code and not lambdas (they have no name to trace). */
export function analyzableFunctions(file: FileSyntax): FunctionDef[] {
  return file.functions.filter((fn) => fn.kind !== 'module' && fn.kind !== 'lambda');
}

export function functionContext(source: SourceFile, fn: FunctionDef, findings: readonly RuleFinding[], index?: SignatureIndex): FunctionContext {
  return {
    file: source.syntax,
    text: source.text,
    fn,
    ruleFindings: findings.filter((r) => r.line >= fn.span.start.line + 1 && r.line <= fn.span.end.line + 1),
    calleeSignatures: index ? index.calleesOf(fn, source.syntax) : [],
  };
}

/** One unit per function of the file; `findings` are the rules' recommendations for the file. */
export function unitsForFile(source: SourceFile, findings: readonly (RuleFinding & { qualifiedName: string })[], index?: SignatureIndex): AnalysisUnit[] {
  return analyzableFunctions(source.syntax).map((fn) => ({
    functions: [functionContext(source, fn, findings.filter((f) => f.qualifiedName === fn.qualifiedName), index)],
  }));
}
