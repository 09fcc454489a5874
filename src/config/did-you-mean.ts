// Closest-name suggestions for typos (server names, option keys).

/** Edit distance between two strings, a swap of two neighbouring letters counting as one edit (`nmae` -> `name`). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Similarity in [0, 1]: 1 - distance / longer length (case-insensitive). */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - editDistance(a.toLowerCase(), b.toLowerCase()) / longer;
}

/** Up to `limit` candidates close to `name`, best first (similarity >= 0.6, or one contains the other), none far behind the best. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lowered = name.toLowerCase();
  const scored = [...new Set(candidates)]
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const contains = lowered.length >= 3 && other.length >= 3 && (other.includes(lowered) || lowered.includes(other));
      return { candidate, score: Math.max(similarity(name, candidate), contains ? 0.6 : 0) };
    })
    .filter(({ candidate, score }) => candidate !== name && score >= 0.6)
    .sort((x, y) => y.score - x.score || x.candidate.localeCompare(y.candidate));
  const best = scored[0]?.score ?? 0;
  return scored.filter(({ score }) => score >= best - 0.1).slice(0, limit).map(({ candidate }) => candidate);
}

/** "Did you mean 'a' or 'b'?" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return '';
  const quoted = close.map((candidate) => `'${candidate}'`);
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
}
