// The AI's recommendations per file, kept apart from the rules' so a re-analysis on every keystroke does not lose
// them: the analyzer merges them into what it shows (see carry.ts), and re-analyzes a file when they change.
import * as vscode from 'vscode';
import type { FileSyntax, Recommendation } from '../../core/model';
import { carryEntries, type AiEntry } from './carry';

export class AiRecommendations implements vscode.Disposable {
  private readonly byUri = new Map<string, AiEntry[]>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires with the files whose AI recommendations were set or cleared. */
  readonly onDidChange = this.emitter.event;

  /** Replaces the AI recommendations of the `analyzed` functions of a file; its other functions keep theirs. */
  set(uri: vscode.Uri, analyzed: ReadonlySet<string>, entries: readonly AiEntry[]): void {
    const kept = (this.byUri.get(uri.toString()) ?? []).filter((e) => !analyzed.has(e.recommendation.qualifiedName));
    this.byUri.set(uri.toString(), [...kept, ...entries]);
    this.emitter.fire([uri]);
  }

  /** A file's AI recommendations moved to where their functions are in `syntax`; those of changed functions are dropped. */
  forDocument(uri: vscode.Uri, syntax: FileSyntax, text: string): Recommendation[] {
    const entries = this.byUri.get(uri.toString());
    if (!entries?.length) return [];
    const carried = carryEntries(entries, syntax, text);
    this.byUri.set(uri.toString(), carried);
    return carried.map((e) => e.recommendation);
  }

  /** A file's AI recommendations as they were computed (for a file analyzed from disk). */
  forUri(uri: vscode.Uri): Recommendation[] {
    return (this.byUri.get(uri.toString()) ?? []).map((e) => e.recommendation);
  }

  clear(): void {
    const uris = [...this.byUri.keys()].map((k) => vscode.Uri.parse(k));
    this.byUri.clear();
    if (uris.length) this.emitter.fire(uris);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
