/**
 * Runs `work` over `items` with at most `limit` calls in flight and yields each result as soon as it is
 * ready (completion order). Items are pulled lazily, so a caller that consumes results as they come keeps
 * only `limit` results alive at a time, however long the list.
 */
export async function* mapBounded<T, R>(items: Iterable<T>, limit: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  const it = items[Symbol.iterator]()
  const running = new Map<number, Promise<{id: number; result: R}>>()
  let next = 0
  const launch = (): boolean => {
    const step = it.next()
    if (step.done) return false
    const id = next++
    running.set(
      id,
      work(step.value).then((result) => ({id, result})),
    )
    return true
  }
  while (running.size < limit && launch()) {}
  while (running.size > 0) {
    const {id, result} = await Promise.race(running.values())
    running.delete(id)
    launch()
    yield result
  }
}
