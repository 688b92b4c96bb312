import type { TxCtx } from '../../kernel/unit-of-work/context';
import type { Machine } from './machine.entity';
import type { StateOutcome } from './machine-state';

/** What maintenance does when a machine changes state: a breakdown opens a corrective order. */
export async function afterStateChange(_tx: TxCtx, _machine: Machine, _outcome: StateOutcome): Promise<void> {}
