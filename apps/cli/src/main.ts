import { Command, CommanderError } from 'commander';
import type { ContractsCheckOptions } from './commands/contracts-command.js';
import type { DiffCommandOptions } from './commands/diff-command.js';
import type { LintOptions } from './commands/lint-command.js';
import type { PublishOptions } from './commands/publish-command.js';
import type { ReportOptions } from './commands/report-command.js';
import type { ServeOptions } from './commands/serve-command.js';
import { EXIT, print, UsageError, type Io } from './io.js';

// Each command's module is imported when it runs: `interlock lint` does not load the servers, the store or
// OpenTelemetry (about a second of start-up), which matters most when every spec comes from the lint cache.

/** Runs `interlock <argv>` and resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('interlock')
    .description('API management: catalog, lint, contract checks and usage from one store of facts.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  program
    .command('serve')
    .description(
      'Start the catalog (http://localhost:8080) and the OTLP collector (4318) on the configured store; ' +
        '`serve catalog` or `serve collector` starts one of them',
    )
    .argument('[component]', 'all, catalog or collector', 'all')
    .option('--port <port>', 'catalog port (0 picks a free one)', '8080')
    .option('--otlp-port <port>', 'collector port for OTLP/HTTP (0 picks a free one)', '4318')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--specs <dir>', 'folder of specs to index at start and when it changes', 'specs')
    .option('--no-watch', 'do not re-index when files change')
    .option('--examples', 'also run the example services, traced into the collector, with generated traffic')
    .option(
      '--lint-workers <n>',
      'worker threads of the background lint; 0 turns it off (INTERLOCK_LINT_WORKERS)',
    )
    .option('--lint-timeout <seconds>', 'most time one spec may take to lint (INTERLOCK_LINT_TIMEOUT)')
    .option('--lint-ruleset <file>', 'the Spectral ruleset the catalog lints with (INTERLOCK_LINT_RULESET)')
    .action(async (component: string, options: ServeOptions) => {
      const { serveCommand } = await import('./commands/serve-command.js');
      code = await serveCommand(component, options, io);
    });

  program
    .command('report')
    .description(
      'The usage report: per API, operation and consumer; undocumented, unused and deprecated in use',
    )
    .option('--since <duration>', 'how far back: 30m, 24h, 7d, 4w', '7d')
    .option('--api <id>', 'only this API')
    .option('--catalog <url>', 'read it from a running catalog instead of the local store')
    .option('--format <format>', 'md, html, json or csv', 'md')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: ReportOptions) => {
      const { reportCommand } = await import('./commands/report-command.js');
      code = await reportCommand(options, io);
    });

  program
    .command('index')
    .description('Index every spec under a folder into the store; exit 1 if any fails')
    .argument('<dir>', 'folder of specs')
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, options: { format?: string }) => {
      const { indexCommand } = await import('./commands/index-command.js');
      code = await indexCommand(dir, options, io);
    });

  program
    .command('search')
    .description('Search operations and schemas across APIs')
    .argument('<query>', 'words to look for; the last one matches as a prefix')
    .option('--format <format>', 'text or json', 'text')
    .option('--limit <n>', 'most hits', '20')
    .option('--catalog <url>', 'search a running catalog instead of the local store')
    .action(async (query: string, options: { format?: string; catalog?: string; limit?: string }) => {
      const { searchCommand } = await import('./commands/search-command.js');
      code = await searchCommand(query, options, io);
    });

  program
    .command('diff')
    .description(
      'Breaking changes between two versions of a spec; either side may be git:<ref>:<path>. ' +
        'Exit 1 when a change at or above --fail-on is found',
    )
    .argument('<base>', 'the spec before (a file, or git:<ref>:<path>)')
    .argument('<revision>', 'the spec after')
    .option('--format <format>', 'text, json, markdown, github or junit', 'text')
    .option('--fail-on <level>', 'error or warning', 'error')
    .option('--config <file>', 'YAML: levels per check id, accepted fingerprints, deprecationDays')
    .option(
      '--deprecation-days-beta <days>',
      'minimum days between deprecation and sunset for beta operations',
    )
    .option(
      '--deprecation-days-stable <days>',
      'minimum days between deprecation and sunset for stable operations',
    )
    .action(async (base: string, revision: string, options: DiffCommandOptions) => {
      const { diffCommand } = await import('./commands/diff-command.js');
      code = await diffCommand(base, revision, options, io);
    });

  program
    .command('lint')
    .description(
      'Lint specs against interlock:recommended or a Spectral ruleset; exit 1 on findings at or above --fail-severity',
    )
    .argument('<files...>', 'spec files or globs')
    .option(
      '-r, --ruleset <file>',
      'a Spectral ruleset (default: .spectral.* here, else interlock:recommended)',
    )
    .option('-f, --format <format>', 'stylish, json, junit, sarif, github or markdown', 'stylish')
    .option('-F, --fail-severity <severity>', 'error, warn, info or hint', 'error')
    .option(
      '--baseline <file>',
      'count only findings whose fingerprint is not in this earlier json/sarif output',
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--timeout <seconds>', 'most time one spec may take', '120')
    .option('--no-cache', 'lint every spec even if it and the ruleset are unchanged')
    .option('--allow-urls', 'fetch ruleset extends and $refs over http(s)')
    .action(async (files: string[], options: LintOptions) => {
      const { lintCommand } = await import('./commands/lint-command.js');
      code = await lintCommand(files, options, io);
    });

  program
    .command('publish')
    .description(
      'Publish a spec to a catalog; exit 1 if the catalog refuses the spec, 2 if it cannot be reached or refuses the token',
    )
    .argument('<spec>', 'the spec file (YAML or JSON; a multi-file spec is sent bundled)')
    .option('--api <id>', 'API id (default: x-api-id or the file name)')
    .option('--version <version>', 'version (default: info.version)')
    .option('--catalog <url>', 'catalog URL', 'http://localhost:8080')
    .option('--token <token>', 'admin token (default: INTERLOCK_TOKEN)')
    .action(async (spec: string, options: PublishOptions) => {
      const { publishCommand } = await import('./commands/publish-command.js');
      code = await publishCommand(spec, options, io);
    });

  program
    .command('contracts')
    .description('Contract checks between consumers and providers')
    .command('check')
    .description(
      "Check a consumer's pact against the provider's OpenAPI spec; exit 1 if incompatible, 2 if a file cannot be loaded",
    )
    .requiredOption('--pact <file>', 'the pact file (Pact specification V2, V3 or V4)')
    .requiredOption('--spec <file>', 'the provider spec (OpenAPI 3.x or Swagger 2.0, YAML or JSON)')
    .option('--format <format>', 'text, json, junit or github', 'text')
    .action(async (options: ContractsCheckOptions) => {
      const { contractsCheckCommand } = await import('./commands/contracts-command.js');
      code = await contractsCheckCommand(options, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof UsageError) {
      print(io.stderr, `interlock: ${error.message}`);
      return EXIT.usage;
    }
    const { isSpecError } = await import('./spec-error.js');
    if (isSpecError(error)) {
      print(io.stderr, error.format());
      return EXIT.usage;
    }
    print(io.stderr, `interlock: ${(error as Error)?.message ?? String(error)}`);
    return EXIT.usage;
  }
}
