// The `yaml` package composes nested flow collections recursively and slowly: a 10,000-deep `[[[…` takes minutes
// and gigabytes. This scan bounds nesting (block indentation levels plus flow brackets) before parsing.

/** The offset where nesting first exceeds `limit`, or undefined. */
export function yamlDepthExceeds(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  const n = text.length;
  while (lineStart < n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = n;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const first = text.charCodeAt(i);
    if (i < lineEnd && first !== 35 /* # */ && first !== 13) {
      if (flow === 0) {
        const indent = i - lineStart;
        while (indents.length && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        // compact nested sequences: `- - - x`
        let j = i;
        while (text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 32) {
          indents.push(indent + (j - i) + 1);
          j += 2;
        }
        if (indents.length > limit) return i;
      }
      let prev = 32;
      for (let k = i; k < lineEnd; k++) {
        const c = text.charCodeAt(k);
        if ((c === 39 || c === 34) && isTokenStart(prev)) {
          const close = findQuoteEnd(text, k, c);
          if (close > lineEnd) {
            lineEnd = text.indexOf('\n', close);
            if (lineEnd === -1) lineEnd = n;
          }
          k = close;
          prev = c;
          continue;
        }
        if (c === 35 && (prev === 32 || prev === 9)) break;
        if (c === 91 || c === 123) {
          if (++flow + indents.length > limit) return k;
        } else if ((c === 93 || c === 125) && flow > 0) flow--;
        if (c !== 32) prev = c;
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

function isTokenStart(prev: number): boolean {
  // a quote opens a scalar only where a token can start: after `:`, `-`, `[`, `{`, `,` or spaces at line start
  return (
    prev === 32 || prev === 58 || prev === 45 || prev === 91 || prev === 123 || prev === 44 || prev === 63
  );
}

function findQuoteEnd(text: string, start: number, quote: number): number {
  for (let k = start + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (quote === 34 && c === 92) k++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(k + 1) === 39) k++;
      else return k;
    }
  }
  return text.length;
}
