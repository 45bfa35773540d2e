import { fork, type ChildProcess } from 'node:child_process';
import type { ServiceName, ServiceProcessConfig } from './service-process.js';

export interface InstrumentedExamples {
  urls: Record<ServiceName, string>;
  close(): Promise<void>;
}

export interface InstrumentedOptions {
  /** Where the services send their traces (OTLP/HTTP), e.g. Interlock's collector at http://127.0.0.1:4318. */
  otlpEndpoint?: string;
  ports?: Partial<Record<ServiceName, number>>;
  host?: string;
}

/** Starts mailer, crm and shop as three traced processes, each calling the next. */
export async function startInstrumentedExamples(
  options: InstrumentedOptions = {},
): Promise<InstrumentedExamples> {
  const host = options.host ?? '127.0.0.1';
  const children: ChildProcess[] = [];
  const start = (service: ServiceName, peerUrl?: string) =>
    new Promise<string>((resolve, reject) => {
      const config: ServiceProcessConfig = {
        service,
        host,
        port: options.ports?.[service] ?? 0,
        ...(peerUrl ? { peerUrl } : {}),
        ...(options.otlpEndpoint ? { otlpEndpoint: options.otlpEndpoint } : {}),
      };
      const child = fork(entry(), [], {
        env: { ...process.env, INTERLOCK_EXAMPLE: JSON.stringify(config) },
        // From TypeScript sources (tests, development) the child runs through tsx.
        execArgv: import.meta.url.endsWith('.ts')
          ? ['--conditions=@interlock/source', '--import', 'tsx']
          : [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      child.once('message', (m: { listening?: string }) => (m.listening ? resolve(m.listening) : undefined));
      child.once('exit', (code) =>
        reject(new Error(`The ${service} example exited with code ${code} before listening.`)),
      );
    });
  const close = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    const mailer = await start('mailer');
    const crm = await start('crm', mailer);
    const shop = await start('shop', crm);
    return { urls: { shop, crm, mailer }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function entry(): URL {
  return new URL(`./service-process.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
}
