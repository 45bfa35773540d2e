import { describe, expect, it } from 'vitest';
import type { Comparison, Finding } from '../types.js';
import { comparisonFormatters } from './index.js';

const finding: Finding = {
  code: 'response.body.incompatible',
  level: 'error',
  message: 'Response body is incompatible with the response body schema in the spec: must be string',
  interaction: { index: 1, description: 'a <pet> & "friends"' },
  pact: {
    location: '[root].interactions[1].response.body.name',
    pointer: '/interactions/1/response/body/name',
  },
  spec: {
    pointer: '/components/schemas/Pet/properties/name/type',
    file: 'schemas/pet.yaml',
    line: 7,
    column: 15,
    operation: 'GET /pets',
  },
};
const warning: Finding = {
  ...finding,
  code: 'request.header.unknown',
  level: 'warning',
  message: 'Request header is not defined in the spec: x-a',
};
const comparison: Comparison = {
  compatible: false,
  findings: [finding, warning],
  interactions: 2,
  skipped: [],
};
const subject = { pactFile: 'pacts/shop-crm.json', specFile: 'specs/crm/openapi.yaml' };

describe('comparison formatters', () => {
  it('text: one entry per finding with code, interaction and spec file:line:column, then the verdict', () => {
    const out = comparisonFormatters.text(comparison, subject);
    expect(out).toContain('error   response.body.incompatible  interaction 1 "a <pet> & "friends""');
    expect(out).toContain('spec specs/crm/schemas/pet.yaml:7:15 (GET /pets)');
    expect(out).toMatch(
      /incompatible: pacts\/shop-crm\.json against specs\/crm\/openapi\.yaml — 2 interaction\(s\), 1 error\(s\), 1 warning\(s\)$/,
    );
  });

  it('json: the comparison with the files compared', () => {
    expect(JSON.parse(comparisonFormatters.json(comparison, subject))).toMatchObject({
      pact: subject.pactFile,
      compatible: false,
      findings: [{ code: 'response.body.incompatible' }, { level: 'warning' }],
    });
  });

  it('junit: escaped XML, a failure per interaction with errors', () => {
    const out = comparisonFormatters.junit(comparison, subject);
    expect(out).toContain('failures="1"');
    expect(out).toContain('name="interaction 1 &#34;a &#60;pet&#62; &#38; &#34;friends&#34;&#34;"');
    expect(out).toContain('<failure message="response.body.incompatible">');
    expect(out).toContain('<system-out>request.header.unknown');
  });

  it('github: annotations on the spec file and line', () => {
    const out = comparisonFormatters.github(comparison, subject).split('\n');
    expect(out[0]).toBe(
      '::error file=specs/crm/schemas/pet.yaml,line=7,col=15,title=response.body.incompatible::interaction 1 "a <pet> & "friends"" of pacts/shop-crm.json: Response body is incompatible with the response body schema in the spec: must be string ([root].interactions[1].response.body.name)',
    );
    expect(out[1]).toMatch(/^::warning file=/);
  });
});
