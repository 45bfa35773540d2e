/** The Pact Broker's checks of a `POST /contracts/publish` body: each problem under the field at fault. */
export function validatePublish(input: unknown): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { body: ['must be a JSON object'] };
  const b = input as Record<string, unknown>;
  for (const k of ['pacticipantName', 'pacticipantVersionNumber'])
    if (typeof b[k] !== 'string' || (b[k] as string).trim() === '') add(k, 'is missing (a non-empty string)');
  if (b.branch !== undefined && (typeof b.branch !== 'string' || b.branch === ''))
    add('branch', 'must be a non-empty string');
  if (
    b.tags !== undefined &&
    (!Array.isArray(b.tags) || b.tags.some((t) => typeof t !== 'string' || t === ''))
  )
    add('tags', 'must be an array of non-empty strings');
  if (!Array.isArray(b.contracts) || b.contracts.length === 0) add('contracts', 'must be a non-empty array');
  else
    b.contracts.forEach((c: unknown, i) => {
      const at = `contracts[${i}]`;
      if (!c || typeof c !== 'object') return add(at, 'must be an object');
      const x = c as Record<string, unknown>;
      for (const k of ['consumerName', 'providerName', 'content', 'specification', 'contentType'])
        if (typeof x[k] !== 'string' || x[k] === '') add(`${at}.${k}`, 'is missing (a non-empty string)');
      if (typeof x.specification === 'string' && x.specification !== 'pact')
        add(`${at}.specification`, `only 'pact' is supported, got '${x.specification}'`);
      if (typeof x.contentType === 'string' && !/json/i.test(x.contentType))
        add(`${at}.contentType`, 'must be application/json');
      if (typeof x.content === 'string' && !/^[A-Za-z0-9+/=\s_-]*$/.test(x.content))
        add(`${at}.content`, 'must be base64');
    });
  return errors;
}
