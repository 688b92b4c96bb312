import { invalidState } from './errors';

/** One action of a state machine: the states it may be taken from, where it leads (null: it stays), and what a person is told otherwise. */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S | null;
  refusal: string;
}

/**
 * A state machine written as one transition table, so the rules of an aggregate's life live in one place:
 * `assertMayTake` refuses with INVALID_STATE ("WO-000001 is completed; only a planned work order can be
 * released"), `transition` also moves the state along. Written `stateMachine<State>()({ … })`, so the
 * state type is the whole enum and the actions are the table's keys.
 */
export const stateMachine =
  <S extends string>() =>
  <A extends string>(table: Readonly<Record<A, Transition<S>>>) => {
    const mayTake = (state: S, action: A) => table[action].from.includes(state);
    const assertMayTake = (subject: { readonly state: S }, name: string, action: A) => {
      if (!mayTake(subject.state, action)) {
        throw invalidState(`${name} is ${subject.state.toLowerCase()}; ${table[action].refusal}`, { state: subject.state });
      }
    };
    return {
      table,
      mayTake,
      assertMayTake,
      transition(subject: { state: S }, name: string, action: A): void {
        assertMayTake(subject, name, action);
        const to = table[action].to;
        if (to) subject.state = to;
      },
    };
  };
