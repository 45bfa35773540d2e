import type { Broker } from '@interlock/contracts';

/** What every broker resource is given. */
export interface BrokerContext {
  broker: Broker;
}
