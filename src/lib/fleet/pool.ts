type Settled<R> = {ok: true; value: R} | {ok: false; error: unknown}

/**
 * Runs `work` over `items` with at most `limit` calls in flight and yields each result as soon as it is
 * ready (completion order). Items are pulled lazily, so a caller that consumes results as they come keeps
 * only `limit` results alive at a time, however long the list. A call that rejects ends the iteration with
 * its error.
 *
 * Calls report to a queue rather than being raced: `Promise.race` over the calls in flight leaves a reaction
 * on every call still pending, and each holds the race's result; a fleet's parsed config dumps then lived
 * until the calls pending beside them ended (a heap snapshot in the middle of a 1,000-pod check held 16).
 */
export async function* mapBounded<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  const it = items[Symbol.iterator]()
  const settled: Settled<R>[] = []
  let wake: (() => void) | undefined
  let running = 0
  const report = (outcome: Settled<R>) => {
    settled.push(outcome)
    wake?.()
    wake = undefined
  }
  const launch = (): boolean => {
    const step = it.next()
    if (step.done) return false
    running++
    work(step.value).then(
      (value) => report({ok: true, value}),
      (error: unknown) => report({ok: false, error}),
    )
    return true
  }
  while (running < limit && launch()) {}
  while (running > 0) {
    if (settled.length === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
    running--
    launch()
    // no variable holds the result while the generator waits at its yield, so the caller alone decides how long it lives
    yield unwrap(settled.shift() as Settled<R>)
  }
}

function unwrap<R>(outcome: Settled<R>): R {
  if (!outcome.ok) throw outcome.error
  return outcome.value
}
