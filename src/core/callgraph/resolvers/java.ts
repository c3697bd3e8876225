// Java name resolution: a type name is found in the file (nested types too), its single-type imports, its own
// package, its wildcard imports, then java.lang. Parameters, locals and fields carry declared types; unqualified
// calls go to the enclosing class's methods (inherited ones included); interface calls go to every implementing
// class in the workspace, marked dynamic. Constructors are named after their class and are not inherited.
// A search path is a source root (`<dir>/com/example/Foo.java` for `com.example.Foo`): the classes a workspace file
// names (in types, `new`, static calls) are loaded from it in that same lookup order, wildcard imports and java.lang
// included; a loaded class brings in its superclasses and interfaces, not the rest of what it uses.
import fs from 'node:fs';
import path from 'node:path';
import type { CallGraphCall, CallGraphSyntax } from '../../model';
import javaLang from '../data/java.json';
import type { CallTarget } from '../types';
import { LanguageResolver, OPAQUE, dottedParts, lastDot, type Value } from './common';

const JAVA_LANG = new Set(javaLang.names);
const TYPE_NAME = /^\p{Lu}/u;

/** `Map<K, List<V>>[]` → `Map`, `java.util.List<X>` → `java.util.List`: the part of a type that names a class. */
function typeHead(text: string): string {
  return text.replace(/<.*>/s, '').replace(/\[\]|\.\.\./g, '').trim();
}

/** The type names a workspace file writes: declared types, bases, `new X`, and the receivers of calls. */
function namedTypes(file: CallGraphSyntax): string[] {
  const out: string[] = [];
  for (const cls of file.classes) out.push(...cls.bases, ...cls.fields.flatMap((f) => (f.type ? [f.type] : [])));
  for (const fn of file.functions) {
    out.push(...fn.parameters.flatMap((p) => (p.type ? [p.type] : [])));
    if (fn.returnType) out.push(fn.returnType);
  }
  for (const local of file.locals ?? []) {
    if (local.type && local.type !== 'var') out.push(local.type);
    if (local.callee) out.push(local.callee.replace(/^new /, ''));
  }
  for (const call of file.calls) {
    if (call.isConstructor) out.push(call.callee.replace(/^new /, ''));
    else if (call.receiver) out.push(call.receiver);
  }
  return out;
}

export class JavaResolver extends LanguageResolver {
  private readonly sourceCache = new Map<string, string | undefined>();

  /** Search-path files of the classes this file names and the index lacks (for library files: of their bases). */
  override libraryImports(file: CallGraphSyntax): string[] {
    if (file.languageId !== 'java' || !this.model.searchPaths.length) return [];
    const library = this.model.files.get(file.path)?.library;
    const names = library ? file.classes.flatMap((c) => c.bases) : namedTypes(file);
    const out = new Set<string>();
    for (const text of new Set(names)) {
      const found = this.typeSource(typeHead(text), file);
      if (found) out.add(found);
    }
    return [...out];
  }

  /** The search-path file of a type written in `file`, looked up in resolveType's order; none once the index has it. */
  private typeSource(text: string, file: CallGraphSyntax): string | undefined {
    const parts = dottedParts(text);
    if (!parts) return undefined;
    if (parts.length > 1) return /^[a-z]/.test(parts[0]) && !this.model.classes.has(text) ? this.classSource(text) : this.typeSource(parts[0], file);
    const name = parts[0];
    if (!TYPE_NAME.test(name) || file.classes.some((c) => c.name === name)) return undefined;
    const named = file.imports.find((imp) => imp.kind === 'named' && imp.names.some((n) => n.name === name));
    const packages = named ? [named.module] : [file.moduleName, ...file.imports.filter((imp) => imp.kind === 'star').map((imp) => imp.module), 'java.lang'];
    for (const pkg of packages) {
      const qname = pkg ? `${pkg}.${name}` : name;
      if (this.model.classes.has(qname)) return undefined;
      const found = this.classSource(qname);
      if (found) return found;
    }
    return undefined;
  }

  /** `java.util.Map.Entry` → the first search path's `java/util/Map/Entry.java`, else its `java/util/Map.java`. */
  private classSource(qname: string): string | undefined {
    if (this.sourceCache.has(qname)) return this.sourceCache.get(qname);
    const parts = qname.split('.');
    let found: string | undefined;
    search: for (const dir of this.model.searchPaths) {
      for (let end = parts.length; end > 0 && TYPE_NAME.test(parts[end - 1]); end--) {
        const candidate = path.join(dir, ...parts.slice(0, end - 1), `${parts[end - 1]}.java`);
        if (fs.existsSync(candidate)) {
          found = candidate;
          break search;
        }
      }
    }
    this.sourceCache.set(qname, found);
    return found;
  }

  override resolveType(text: string, file: CallGraphSyntax): Value | undefined {
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
    if (this.model.classes.has(`java.lang.${name}`)) return { kind: 'class', qname: `java.lang.${name}` };
    if (JAVA_LANG.has(name)) return { kind: 'external', name: `java.lang.${name}` };
    return undefined;
  }

  /** Java constructors are the class's own; a class without one gets the implicit default (no node). */
  protected override constructorOf(cls: string, name: string): string | undefined {
    return this.model.classes.get(cls)?.methods.get(name);
  }

  protected override lookup(name: string, file: CallGraphSyntax, fnQname: string, line: number): Value | undefined {
    for (let q: string | undefined = fnQname; q; q = this.model.functions.get(q)?.def.parent) {
      const fn = this.model.functions.get(q);
      if (!fn || fn.def.kind === 'module') break;
      const param = fn.def.parameters.find((p) => p.name === name);
      if (param) return (param.type && this.asInstance(this.resolveType(param.type, file))) || OPAQUE;
      const local = this.localBinding(q, name, line);
      if (local && !(local.type === 'var' && !local.callee)) {
        // `List<X> xs = new ArrayList<>()` is one binding with both: the class constructed is the more precise.
        const typed = local.type === 'var' || local.callee ? { ...local, type: undefined } : local;
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
    return this.libraryMemberOrExternal(v, name, this.classMember(v, name));
  }

  override resolveCall(file: CallGraphSyntax, call: CallGraphCall): CallTarget[] {
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
    if (/^[a-z][\w$]*\./.test(call.receiver) && this.model.classes.has(call.receiver)) {
      // A fully qualified class (`java.util.Objects.requireNonNull(x)`).
      return this.targetsOf(this.member({ kind: 'class', qname: call.receiver }, call.name), call, undefined);
    }
    return this.targetsOf(this.evalExpression(call.callee, file, call.caller, call.span.start.line), call, undefined);
  }
}
