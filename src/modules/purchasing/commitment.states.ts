import { stateMachine } from '../../kernel/common/state-machine';
import { CommitmentState as C } from './supplier-commitment.entity';

/** A supplier commitment's life: requested → confirmed (again, while not shipped) → shipped → received (→ shipped again, if the receipt is reversed). */
const commitments = stateMachine<C>()({
  confirm: { from: [C.REQUESTED, C.CONFIRMED], to: C.CONFIRMED, refusal: 'only a requested or confirmed commitment can be confirmed' },
  ship: { from: [C.CONFIRMED], to: C.SHIPPED, refusal: 'confirm it before shipping' },
  receive: { from: [C.SHIPPED], to: C.RECEIVED, refusal: 'only a shipped commitment can be received' },
  /** A receipt undone (a correction): the goods are on their way again, as the notice said. */
  reverseReceipt: { from: [C.RECEIVED], to: C.SHIPPED, refusal: 'only a received commitment has a receipt to reverse' },
});

export type CommitmentAction = keyof typeof commitments.table;

export const assertMayTake = (c: { code: string; state: C }, action: CommitmentAction) => commitments.assertMayTake(c, c.code, action);

export const transition = (c: { code: string; state: C }, action: CommitmentAction) => commitments.transition(c, c.code, action);
