// Arguments written into shell scripts: quoted only where the shell would change them.

/** One word for bash: as is when plainly safe, else in single quotes (so `${...}` and `[...]` reach the program). */
export function shellWord(word: string): string {
  if (/^[\w+=.,/:@%-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command on several lines, one argument per line after the first `lead` words. */
export function shellCommand(words: readonly string[], lead = 1): string {
  const head = words.slice(0, lead).map(shellWord).join(' ');
  return [head, ...words.slice(lead).map((word) => `  ${shellWord(word)}`)].join(' \\\n');
}
