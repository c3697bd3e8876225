// Java name resolution: a type name is found in the file (nested types too), its single-type imports, its own
// package, its wildcard imports, then java.lang. Parameters, locals and fields carry declared types; unqualified
// calls go to the enclosing class's methods (inherited ones included); interface calls go to every implementing
// class in the workspace, marked dynamic. Constructors are named after their class and are not inherited.
import type { CallSite, FileSyntax } from '../../model';
import javaLang from '../data/java.json';
import type { CallTarget } from '../types';
import { LanguageResolver, OPAQUE, dottedParts, lastDot, type Value } from './common';

const JAVA_LANG = new Set(javaLang.names);

export class JavaResolver extends LanguageResolver {
  override resolveType(text: string, file: FileSyntax): Value | undefined {
    const cleaned = text.replace(/<.*>/s, '').replace(/\[\]/g, '').replace(/\.\.\.$/, '').trim();
    if (cleaned !== text.trim() && /\[\]|\.\.\./.test(text)) return undefined; // arrays: their elements' methods are not the array's
    const parts = dottedParts(cleaned);
    if (!parts) return undefined;
    if (parts.length > 1) {
      if (this.model.classes.has(cleaned)) return { kind: 'class', qname: cleaned };
      const outer = this.resolveType(parts[0], file);
      if (outer?.kind === 'class') {
        const nested = [outer.qname, ...parts.slice(1)].join('.');
        return this.model.classes.has(nested) ? { kind: 'class', qname: nested } : undefined;
      }
      return /^[a-z]/.test(parts[0]) ? { kind: 'external', name: cleaned } : undefined;
    }
    const name = parts[0];
    const inFile = file.classes.find((c) => c.name === name);
    if (inFile) return { kind: 'class', qname: inFile.qualifiedName };
    for (const imp of file.imports) {
      if (imp.kind !== 'named' || !imp.names.some((n) => n.name === name)) continue;
      const q = `${imp.module}.${name}`;
      return this.model.classes.has(q) ? { kind: 'class', qname: q } : { kind: 'external', name: q };
    }
    const samePackage = file.moduleName ? `${file.moduleName}.${name}` : name;
    if (this.model.classes.has(samePackage)) return { kind: 'class', qname: samePackage };
    for (const imp of file.imports) {
      if (imp.kind === 'star' && this.model.classes.has(`${imp.module}.${name}`)) return { kind: 'class', qname: `${imp.module}.${name}` };
    }
    if (JAVA_LANG.has(name)) return { kind: 'external', name: `java.lang.${name}` };
    return undefined;
  }

  /** Java constructors are the class's own; a class without one gets the implicit default (no node). */
  protected override constructorOf(cls: string, name: string): string | undefined {
    return this.model.classes.get(cls)?.methods.get(name);
  }

  protected override lookup(name: string, file: FileSyntax, fnQname: string, line: number): Value | undefined {
    for (let q: string | undefined = fnQname; q; q = this.model.functions.get(q)?.def.parent) {
      const fn = this.model.functions.get(q);
      if (!fn || fn.def.kind === 'module') break;
      const param = fn.def.parameters.find((p) => p.name === name);
      if (param) return (param.type && this.asInstance(this.resolveType(param.type, file))) || OPAQUE;
      const local = this.localBinding(q, name, line);
      if (local && !(local.type === 'var' && !local.callee)) {
        const typed = local.type === 'var' ? { ...local, type: undefined } : local;
        return this.localValue(typed, file, (text) => this.resolveType(text, file));
      }
    }
    if (name === 'this') {
      const m = this.enclosingMethod(fnQname);
      return m ? { kind: 'instance', qname: m.cls } : OPAQUE;
    }
    const m = this.enclosingMethod(fnQname);
    for (let cls = m?.cls; cls && this.model.classes.has(cls); cls = lastDot(cls)) {
      const field = this.findField(cls, name);
      if (field) return field;
    }
    return this.resolveType(name, file);
  }

  protected override member(v: Value, name: string): Value | undefined {
    return this.classMember(v, name);
  }

  override resolveCall(file: FileSyntax, call: CallSite): CallTarget[] {
    const unresolved: CallTarget[] = [{ kind: 'unresolved', text: call.callee }];
    const m = this.enclosingMethod(call.caller);
    if (call.isConstructor) {
      const v = this.resolveType(call.callee.replace(/^new /, ''), file);
      return this.targetsOf(v, call, v?.kind === 'class' ? v.qname.split('.').pop() : undefined);
    }
    if (call.callee === 'super' || call.callee === 'this') {
      if (!m) return unresolved;
      const cls = call.callee === 'this' ? m.cls : this.basesOf(m.cls).find((b) => this.model.classes.get(b)?.def.kind !== 'interface');
      if (!cls) return [];
      return this.targetsOf({ kind: 'class', qname: cls }, call, cls.split('.').pop());
    }
    if (call.receiver === 'super') {
      const target = m && this.findMethod(m.cls, call.name, true);
      return target ? [{ kind: 'internal', qualifiedName: target }] : unresolved;
    }
    if (!call.receiver) {
      // An unqualified call: a method of the enclosing class or of an outer class.
      for (let cls = m?.cls; cls && this.model.classes.has(cls); cls = lastDot(cls)) {
        const target = this.findMethod(cls, call.name);
        if (target) return [{ kind: 'internal', qualifiedName: target }];
      }
      return unresolved;
    }
    return this.targetsOf(this.evalExpression(call.callee, file, call.caller, call.span.start.line), call, undefined);
  }
}
