import { EventLog } from './events/event-log.entity';
import { Delivery, DeliveryAttempt } from './outbox/delivery.entity';
import { ExternalRefLink } from './external-refs/external-ref.entity';

/** The kernel's own tables: the event log, the outbox and external references. */
export const kernelEntities = [EventLog, Delivery, DeliveryAttempt, ExternalRefLink];
