import type { Actor } from './actor';
import { Role } from './permissions';

/**
 * The partner whose rows a caller is confined to: its own partner id for a token of that partner role,
 * undefined for internal callers (who may see every partner). The one place the rule lives.
 */
export const partnerScope = (actor: Actor | null, role: Role.customer | Role.supplier): string | undefined =>
  actor?.role === role ? actor.partnerId : undefined;
