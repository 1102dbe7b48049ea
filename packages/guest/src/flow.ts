/** A value, or a promise of it: handlers may be sync or async. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Applies `fn` to `value` synchronously unless it is a promise. Component exports are synchronous;
 * ComponentizeJS runs the guest's event loop until a returned promise settles, so a sync handler
 * never pays for a promise and an async one still works.
 */
export function andThen<T, R>(value: Awaitable<T>, fn: (value: T) => Awaitable<R>): Awaitable<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** Runs `fn`, sending a sync throw or an async rejection to `onError`. */
export function guard<T>(fn: () => Awaitable<T>, onError: (error: unknown) => Awaitable<T>): Awaitable<T> {
  let result: Awaitable<T>;
  try {
    result = fn();
  } catch (error) {
    return onError(error);
  }
  return result instanceof Promise ? result.catch(onError) : result;
}
