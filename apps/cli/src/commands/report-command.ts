import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createStore } from '@interlock/store';
import {
  parseDuration,
  reportToCsv,
  reportToHtml,
  reportToMarkdown,
  UsageService,
  type UsageReport,
} from '@interlock/usage';
import { getCatalogJson } from '../catalog-client.js';
import { EXIT, formatOption, print, UsageError, type Io, storeOptions } from '../io.js';

export interface ReportOptions {
  since?: string;
  api?: string;
  catalog?: string;
  format?: string;
  output?: string;
}

const FORMATS = ['md', 'html', 'json', 'csv'] as const;

/** The platform team's usage report, from a running catalog or the local store. */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  const format = formatOption(options.format, FORMATS);
  const since = options.since ?? '7d';
  try {
    parseDuration(since);
  } catch (error) {
    throw new UsageError(`--since: ${(error as Error).message}`);
  }
  let report: UsageReport;
  if (options.catalog) {
    const url = new URL('/api/usage/report', options.catalog);
    url.searchParams.set('since', since);
    if (options.api) url.searchParams.set('api', options.api);
    report = await getCatalogJson<UsageReport>(url);
  } else {
    const store = await createStore(storeOptions(io));
    try {
      const usage = await UsageService.start(store);
      if (options.api && !usage.directory.api(options.api))
        throw new UsageError(`The catalog has no API ${options.api}; see \`interlock search\` or /api/apis.`);
      report = await usage.report({ since, ...(options.api ? { apiId: options.api } : {}) });
    } finally {
      await store.close();
    }
  }
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'csv'
        ? reportToCsv(report)
        : format === 'html'
          ? reportToHtml(report)
          : reportToMarkdown(report);
  if (options.output) {
    await writeFile(resolve(io.cwd, options.output), text);
    print(io.stderr, `Wrote ${options.output} (${report.apis.length} APIs, ${format}).`);
  } else io.stdout.write(text);
  return EXIT.ok;
}
