import { describe, expect, it } from 'vitest';
import { startTelemetry } from './index.js';

describe('startTelemetry', () => {
  it.each(['authorization', 'Cookie', 'x-api-key'])('refuses to record the %s header on spans', (header) => {
    expect(() => startTelemetry({ serviceName: 'x', requestHeaders: ['x-consumer-id', header] })).toThrow(
      /carries credentials/,
    );
  });
});
