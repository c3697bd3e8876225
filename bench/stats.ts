// Summary statistics for benchmark rows.
export interface Row {
  figure: string;
  corpus: string;
  median: number;
  /** Half the min–max range as a percentage of the median. */
  spread: number;
  unit: string;
  ratio?: number;
  reference?: string;
  target?: string;
  pass?: boolean;
  detail?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

export function spread(values: number[]): number {
  const m = median(values);
  return m ? ((Math.max(...values) - Math.min(...values)) / 2 / m) * 100 : 0;
}
