/**
 * The English-sentence heuristic of the i18n tests (test/meta/messages-i18n.test.ts and
 * test/e2e/lang-ja.test.ts): runs of 4+ ASCII words, at least one of them a lowercase word, outside
 * `{placeholders}`, backticks and double quotes. Code identifiers (`camelCase`, `a.b/c`,
 * `kube-system`, `ssm:GetParameters`) break a run; acronyms (EKS) and Title-case names count as
 * words, so a product name alone ("EKS Pod Identity Webhook") passes but a sentence around it does not.
 */
export function englishRuns(text: string, opts: { quotes?: boolean } = {}): string[] {
  let stripped = text.replace(/\{\w+\}/g, ' \u0000 ').replace(/`[^`]*`/g, ' \u0000 ');
  if (opts.quotes) stripped = stripped.replace(/"[^"\n]*"/g, ' \u0000 ');
  const out: string[] = [];
  for (const m of stripped.matchAll(/[A-Za-z][\w'.:/-]*(?:[ ,]+[A-Za-z][\w'.:/-]*)*/g)) {
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 4 && run.some((w) => /^[a-z]+$/.test(w))) out.push(run.join(' '));
      run = [];
    };
    for (const w of m[0].split(/[ ,]+/)) {
      const word = w.replace(/[.;!?]+$/, '');
      if (/^[A-Za-z][a-z']*$/.test(word) || /^[A-Z]+$/.test(word)) run.push(word);
      else flush();
      if (word !== w) flush(); // a sentence ends
    }
    flush();
  }
  return out;
}
