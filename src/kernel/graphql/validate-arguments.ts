import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/** As type-graphql's own validation with `validate: { forbidUnknownValues: false }` sets it up. */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * type-graphql's argument validation, with class-validator imported once. type-graphql's own imports it
 * for every argument it validates, and wraps every one of its exports again each time: 1–2% of the hub's
 * CPU on a mutation (issue 8's P3). Same options, same error.
 */
export async function validateArguments(value: unknown): Promise<void> {
  if (!isObject(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((v) => validateOrReject(v, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}
