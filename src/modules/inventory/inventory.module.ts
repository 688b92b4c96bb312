import { locationCode, lotCode } from './inventory.codes';
import type { HubModule } from '../../kernel/module';
import { Location } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove } from './stock-move.entity';
import { StockBalance } from './stock-balance.entity';
import { LotHold } from './lot-hold.entity';
import { LotHoldResolver } from './lot-hold.resolver';
import { CycleCount, CycleCountLine } from './cycle-count.entity';
import { CycleCountLineResolver, CycleCountResolver, StockCorrectionResolver } from './stock-correction.resolver';
import { LocationResolver, LotResolver, StockBalanceResolver, StockMoveResolver } from './inventory.resolver';
import { StockChangeResolver } from './stock-change.resolver';
import { InventoryEvent } from './inventory.events';
import { inventoryGrants } from './inventory.permissions';

/** Locations, lots, and the stock ledger with its balances. */
export const inventoryModule: HubModule = {
  name: 'inventory',
  entities: [Location, Lot, StockMove, StockBalance, LotHold, CycleCount, CycleCountLine],
  resolvers: [
    LocationResolver,
    LotResolver,
    StockBalanceResolver,
    StockMoveResolver,
    StockChangeResolver,
    LotHoldResolver,
    StockCorrectionResolver,
    CycleCountResolver,
    CycleCountLineResolver,
  ],
  events: Object.values(InventoryEvent),
  permissions: inventoryGrants,
  codes: [locationCode, lotCode],
};
