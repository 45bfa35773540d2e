import type { Change, Level } from './types.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'github', 'junit'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface FormatContext {
  /** How the two sides are named to people: file names or `git:<ref>:<path>`. */
  base: string;
  revision: string;
}

/** Renders changes for people (`text`, `markdown`) or machines (`json`, `github` annotations, `junit`). */
export function formatChanges(changes: Change[], format: DiffFormat, at: FormatContext): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ changes: changes.map(toJson) }, null, 2);
    case 'markdown':
      return markdown(changes, at);
    case 'github':
      return changes.map(github).join('\n');
    case 'junit':
      return junit(changes, at);
    default:
      return text(changes, at);
  }
}

/** The stable JSON shape CI tools read. */
function toJson(c: Change) {
  const side = (s: Change['base']) =>
    s
      ? {
          file: s.location?.file ?? null,
          pointer: s.location?.pointer ?? s.pointer,
          line: s.location?.line ?? null,
          column: s.location?.column ?? null,
        }
      : null;
  return {
    id: c.id,
    level: c.level,
    operation: c.operation,
    path: c.path,
    message: c.message,
    fingerprint: c.fingerprint,
    base: side(c.base),
    revision: side(c.revision),
  };
}

function counts(changes: Change[]): Record<Level, number> {
  const out: Record<Level, number> = { error: 0, warning: 0, info: 0 };
  for (const c of changes) out[c.level]++;
  return out;
}

function where(c: Change): string {
  const loc = c.revision?.location ?? c.base?.location;
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

function text(changes: Change[], at: FormatContext): string {
  if (!changes.length) return `No changes between ${at.base} and ${at.revision}.`;
  const n = counts(changes);
  const lines = changes.map((c) => {
    const op = c.operation ? `${c.operation} ${c.path}` : '(api)';
    return `${c.level.padEnd(7)} ${op}\n        ${c.message}\n        ${c.id}  ${where(c)}  ${c.fingerprint}`;
  });
  return `${lines.join('\n')}\n\n${n.error} breaking, ${n.warning} warnings, ${n.info} other changes (${at.base} → ${at.revision})`;
}

const ICON: Record<Level, string> = { error: '🔴', warning: '🟡', info: '🔵' };

function markdown(changes: Change[], at: FormatContext): string {
  const n = counts(changes);
  const title = n.error
    ? `### ${ICON.error} ${n.error} breaking change${n.error === 1 ? '' : 's'}`
    : '### ✅ No breaking changes';
  const head = `${title}\n\n\`${md(at.base)}\` → \`${md(at.revision)}\`: ${n.error} breaking, ${n.warning} warnings, ${n.info} other changes.`;
  if (!changes.length) return head;
  const row = (c: Change) =>
    `| ${ICON[c.level]} ${c.level} | ${c.operation ? `\`${c.operation} ${md(c.path ?? '')}\`` : '—'} | ${md(c.message)} | \`${c.id}\` |`;
  const table = (list: Change[]) =>
    ['| Level | Operation | Change | Check |', '| --- | --- | --- | --- |', ...list.map(row)].join('\n');
  const breaking = changes.filter((c) => c.level === 'error');
  const rest = changes.filter((c) => c.level !== 'error');
  const parts = [head];
  if (breaking.length) parts.push(table(breaking));
  if (rest.length)
    parts.push(
      `<details><summary>${rest.length} other change${rest.length === 1 ? '' : 's'}</summary>\n\n${table(rest)}\n\n</details>`,
    );
  return parts.join('\n\n');
}

/** Markdown table cells: no pipes, no raw HTML from spec text. */
function md(s: string): string {
  return s.replace(/[|<>]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

const GH_LEVEL: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice' };

function github(c: Change): string {
  const loc = c.revision?.location ?? c.base?.location;
  const props = [
    loc ? `file=${ghProp(loc.file)}` : '',
    loc ? `line=${loc.line}` : '',
    loc ? `col=${loc.column}` : '',
    `title=${ghProp(c.id)}`,
  ]
    .filter(Boolean)
    .join(',');
  return `::${GH_LEVEL[c.level]} ${props}::${ghData(`${c.operation ? `${c.operation} ${c.path}: ` : ''}${c.message}`)}`;
}

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function junit(changes: Change[], at: FormatContext): string {
  const failures = changes.filter((c) => c.level === 'error').length;
  const cases = changes.map((c) => {
    const name = xml(`${c.operation ? `${c.operation} ${c.path} ` : ''}${c.id}`);
    const body =
      c.level === 'error'
        ? `<failure type="${xml(c.id)}" message="${xml(c.message)}">${xml(`${c.message}\n${where(c)}`)}</failure>`
        : `<system-out>${xml(`${c.level}: ${c.message}`)}</system-out>`;
    return `    <testcase classname="${xml(c.id)}" name="${name}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="interlock diff" tests="${changes.length}" failures="${failures}">`,
    `  <testsuite name="${xml(`${at.base} → ${at.revision}`)}" tests="${changes.length}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

function xml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters; spec text may carry them
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}
