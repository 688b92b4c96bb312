import type { HubModule } from '../../kernel/module';
import { OrderTrackingResolver } from './order-tracking.resolver';

/**
 * Where each sales order line stands, in a customer's words: progress, the expected date, milestones,
 * and the live `orderProgress` stream. It reads sales, production, shipping and quality; none knows it.
 */
export const orderTrackingModule: HubModule = {
  name: 'order-tracking',
  resolvers: [OrderTrackingResolver],
};
