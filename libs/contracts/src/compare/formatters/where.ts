import type { Finding } from '../types.js';

/** `specs/crm.yaml:42:7`, or the pointer when the spec location is not known. */
export function specWhere(finding: Finding, specFile: string): string {
  const { spec } = finding;
  if (spec.line !== undefined) return `${joinFile(specFile, spec.file)}:${spec.line}:${spec.column ?? 1}`;
  return `${specFile}#${spec.pointer}`;
}

/** The spec's root file as given on the command line, or a file it references (relative to the root's folder). */
export function joinFile(specFile: string, file: string | undefined): string {
  if (!file) return specFile;
  const slash = specFile.lastIndexOf('/');
  const rootName = specFile.slice(slash + 1);
  if (file === rootName) return specFile;
  return slash === -1 ? file : `${specFile.slice(0, slash + 1)}${file}`;
}

export function interactionName(finding: Finding): string {
  const { index, description } = finding.interaction;
  return `interaction ${index}${description ? ` "${description}"` : ''}`;
}
