import {
  COMPARISON_FORMATS,
  comparePactToSpec,
  comparisonFormatters,
  isPactError,
  PactError,
  parsePactText,
  type ComparisonFormat,
} from '@interlock/contracts';
import { isSpecError, loadSpec } from '@interlock/openapi';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { EXIT, formatOption, print, UsageError, type Io } from '../io.js';

export interface ContractsCheckOptions {
  pact?: string;
  spec?: string;
  format?: string;
}

/** `interlock contracts check`: 0 compatible, 1 incompatible (findings printed), 2 a file cannot be loaded. */
export async function contractsCheckCommand(options: ContractsCheckOptions, io: Io): Promise<number> {
  const format = formatOption(options.format, COMPARISON_FORMATS) as ComparisonFormat;
  if (!options.pact) throw new UsageError('--pact <file> is required: the consumer pact to check');
  if (!options.spec)
    throw new UsageError('--spec <file> is required: the provider OpenAPI spec to check it against');
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, options.pact), 'utf8');
  } catch (error) {
    print(
      io.stderr,
      new PactError(`The pact cannot be read: ${(error as Error).message}`, {
        file: options.pact,
        hint: 'check the path',
      }).format(),
    );
    return EXIT.usage;
  }
  try {
    const pact = parsePactText(text, { filename: options.pact });
    const spec = await loadSpec(resolve(io.cwd, options.spec));
    const comparison = comparePactToSpec(pact, spec);
    print(
      io.stdout,
      comparisonFormatters[format](comparison, { pactFile: options.pact, specFile: options.spec }),
    );
    return comparison.compatible ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (isPactError(error)) {
      print(io.stderr, error.format());
      return EXIT.usage;
    }
    if (isSpecError(error)) {
      // The loader names files relative to the spec's folder: name them as the user would.
      const file =
        error.file && !isAbsolute(error.file) ? join(dirname(options.spec), error.file) : error.file;
      const where = file
        ? `${file}${error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : ''}: `
        : '';
      print(io.stderr, `${where}${error.message}${error.hint ? ` (${error.hint})` : ''} [${error.code}]`);
      return EXIT.usage;
    }
    throw error;
  }
}
