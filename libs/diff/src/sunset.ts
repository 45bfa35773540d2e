import type { OperationRef, Recorder, SideRef } from './recorder.js';
import type { Obj } from './side.js';

/** The deprecation policy: minimum days between deprecation and sunset, per stability level. */
export interface Policy {
  daysBeta: number;
  daysStable: number;
  today: Date;
}

interface Family {
  deprecated: string;
  withSunset: string;
  missing: string;
  invalid: string;
  tooSmall: string;
  reactivated: string;
  deleted?: string;
  changedTooSmall?: string;
}

const FAMILIES: Record<string, Family> = {
  endpoint: {
    deprecated: 'endpoint-deprecated',
    withSunset: 'endpoint-deprecated-with-sunset',
    missing: 'api-deprecated-sunset-missing',
    invalid: 'api-deprecated-sunset-parse',
    tooSmall: 'api-sunset-date-too-small',
    reactivated: 'endpoint-reactivated',
    deleted: 'sunset-deleted',
    changedTooSmall: 'api-sunset-date-changed-too-small',
  },
  'request-parameter': {
    deprecated: 'request-parameter-deprecated',
    withSunset: 'request-parameter-deprecated',
    missing: 'request-parameter-deprecated-sunset-missing',
    invalid: 'request-parameter-sunset-parse',
    tooSmall: 'request-parameter-sunset-date-too-small',
    reactivated: 'request-parameter-reactivated',
    deleted: 'request-parameter-sunset-deleted',
    changedTooSmall: 'request-parameter-sunset-date-changed-too-small',
  },
  'request-property': family('request-property'),
  'response-property': family('response-property'),
};

function family(prefix: string): Family {
  return {
    deprecated: `${prefix}-deprecated`,
    withSunset: `${prefix}-deprecated-with-sunset`,
    missing: `${prefix}-deprecated-sunset-missing`,
    invalid: `${prefix}-deprecated-sunset-invalid`,
    tooSmall: `${prefix}-sunset-date-too-small`,
    reactivated: `${prefix}-reactivated`,
  };
}

export interface DeprecationSubject {
  op: OperationRef;
  subject: string;
  idPrefix: string;
  place: string;
  base: SideRef;
  revision: SideRef;
  /** The operation's `x-stability-level` in the revision. */
  stability?: string;
}

/** Deprecation, reactivation and sunset changes of one operation, parameter or property. */
export function deprecationChanges(
  ctx: { rec: Recorder; policy: Policy },
  b: Obj,
  r: Obj,
  at: DeprecationSubject,
): void {
  const ids = FAMILIES[at.idPrefix];
  if (!ids) return;
  const was = b.deprecated === true;
  const is = r.deprecated === true;
  const add = (id: string, message: string) =>
    ctx.rec.add(id, at.op, `${at.subject}: ${message}`, `${at.place}#${id}`, at.base, at.revision);
  if (was && !is) return add(ids.reactivated, 'no longer deprecated');
  if (!is) return;
  const days = minimumDays(ctx.policy, at.stability);
  const sunset = r['x-sunset'];
  if (was) {
    const before = b['x-sunset'];
    if (before !== undefined && sunset === undefined && ids.deleted) add(ids.deleted, 'sunset date removed');
    else if (before !== undefined && sunset !== undefined && ids.changedTooSmall && before !== sunset) {
      const from = parseSunset(before);
      const to = parseSunset(sunset);
      if (!from || !to)
        add(ids.invalid, `sunset date changed from ${show(before)} to ${show(sunset)}, not both dates`);
      else if (to < from && daysBetween(ctx.policy.today, to) < days)
        add(ids.changedTooSmall, `sunset date moved earlier from ${show(before)} to ${show(sunset)}`);
    }
    return;
  }
  if (sunset === undefined) {
    if (days > 0)
      add(ids.missing, `deprecated without a sunset date (x-sunset); the policy asks for ${days} days`);
    else add(ids.deprecated, 'deprecated');
    return;
  }
  const date = parseSunset(sunset);
  if (!date) return add(ids.invalid, `deprecated with a sunset date that is not a date: ${show(sunset)}`);
  if (daysBetween(ctx.policy.today, date) < days)
    return add(ids.tooSmall, `sunset date ${show(sunset)} is less than ${days} days away`);
  add(ids.withSunset, `deprecated with sunset date ${show(sunset)}`);
}

export function minimumDays(policy: Policy, stability: string | undefined): number {
  if (stability === 'beta') return policy.daysBeta;
  if (stability === 'draft' || stability === 'alpha') return 0;
  return policy.daysStable;
}

/** `2025-12-31` or an RFC 3339 date-time; anything else is not a sunset date. */
export function parseSunset(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return undefined;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 ? date : undefined;
}

export function daysBetween(from: Date, to: Date): number {
  const day = 86_400_000;
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((to.getTime() - start) / day);
}

function show(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : JSON.stringify(v);
}
