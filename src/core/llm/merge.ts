// The model's recommendations next to the rules': one that agrees with a rule's (same function, same priority,
// overlapping lines) enriches it and marks it `both`; the others are added as `llm`.

export interface Mergeable {
  qualifiedName: string;
  priority: string;
  line: number;
  endLine: number;
  rationale: string;
  capture: string[];
  score: number;
  source: 'rules' | 'llm' | 'both';
  spanName?: string;
}

function agrees(a: Mergeable, b: Mergeable): boolean {
  return a.qualifiedName === b.qualifiedName && a.priority === b.priority && a.line <= b.endLine && b.line <= a.endLine;
}

export function mergeRecommendations<T extends Mergeable>(rules: readonly T[], llm: readonly T[]): T[] {
  const merged: T[] = rules.map((r) => ({ ...r }));
  const enriched = new Set<T>();
  for (const ai of llm) {
    const match = merged.find((r) => r.source !== 'llm' && !enriched.has(r) && agrees(r, ai));
    if (!match) {
      merged.push({ ...ai, source: 'llm' });
      continue;
    }
    enriched.add(match);
    match.source = 'both';
    match.rationale = `${match.rationale} AI: ${ai.rationale}`;
    match.capture = [...new Set([...match.capture, ...ai.capture])];
    match.score = Math.max(match.score, ai.score);
    if (!match.spanName && ai.spanName) match.spanName = ai.spanName;
  }
  return merged.sort((a, b) => a.line - b.line || a.endLine - b.endLine || a.priority.localeCompare(b.priority));
}
