import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import type { Bom } from './bom.entity';
import type { Routing } from './routing.entity';
import { activeBomsOf, activeRoutingsOf } from './catalog.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    activeBom: DataLoader<string, Bom | null>;
    activeRouting: DataLoader<string, Routing | null>;
  }
}

export const catalogLoaders = (em: EntityManager) => ({
  activeBom: new DataLoader<string, Bom | null>((itemIds) => activeBomsOf(em, itemIds)),
  activeRouting: new DataLoader<string, Routing | null>((itemIds) => activeRoutingsOf(em, itemIds)),
});
