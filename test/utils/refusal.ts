import { FieldErrors, FormInvalidException } from '../../src/common/exceptions';

/** The field errors of a refused form (fails if the promise did not refuse with a FormInvalidException). */
export async function refusal(promise: Promise<unknown>): Promise<FieldErrors> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormInvalidException);
  return error instanceof FormInvalidException ? error.errors : {};
}
