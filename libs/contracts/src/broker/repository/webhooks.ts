import type { Sql } from '@interlock/store';
import type { Webhook } from '../types.js';
import { iso } from './rows.js';

interface WebhookRow {
  uuid: string;
  consumer: string | null;
  provider: string | null;
  definition: string;
  created_at: unknown;
  updated_at: unknown;
}

const WEBHOOK_SELECT = `
  SELECT w.uuid, c.name AS consumer, pr.name AS provider, w.definition, w.created_at, w.updated_at
  FROM broker_webhooks w LEFT JOIN broker_pacticipants c ON c.id = w.consumer_id LEFT JOIN broker_pacticipants pr ON pr.id = w.provider_id`;

const toWebhook = (r: WebhookRow): Webhook => ({
  uuid: r.uuid,
  consumer: r.consumer,
  provider: r.provider,
  definition: JSON.parse(r.definition) as Record<string, unknown>,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Stores a webhook definition (created or replaced under its uuid). */
export async function saveWebhook(
  sql: Sql,
  input: {
    uuid: string;
    consumerId: number | null;
    providerId: number | null;
    definition: Record<string, unknown>;
  },
): Promise<{ webhook: Webhook; created: boolean }> {
  const { rows } = await sql.query<{ inserted: boolean }>(
    `INSERT INTO broker_webhooks (uuid, consumer_id, provider_id, definition) VALUES ($1, $2, $3, $4)
     ON CONFLICT (uuid) DO UPDATE SET consumer_id = excluded.consumer_id, provider_id = excluded.provider_id,
       definition = excluded.definition, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [input.uuid, input.consumerId, input.providerId, JSON.stringify(input.definition)],
  );
  return { webhook: (await findWebhook(sql, input.uuid)) as Webhook, created: Boolean(rows[0]?.inserted) };
}

export async function findWebhook(sql: Sql, uuid: string): Promise<Webhook | undefined> {
  const { rows } = await sql.query<WebhookRow>(`${WEBHOOK_SELECT} WHERE w.uuid = $1`, [uuid]);
  return rows[0] ? toWebhook(rows[0]) : undefined;
}

export async function listWebhooks(sql: Sql): Promise<Webhook[]> {
  const { rows } = await sql.query<WebhookRow>(`${WEBHOOK_SELECT} ORDER BY w.created_at`);
  return rows.map(toWebhook);
}

export async function deleteWebhook(sql: Sql, uuid: string): Promise<boolean> {
  const { rows } = await sql.query('DELETE FROM broker_webhooks WHERE uuid = $1 RETURNING uuid', [uuid]);
  return rows.length > 0;
}
