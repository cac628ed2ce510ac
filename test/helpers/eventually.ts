/**
 * Asks until `done` says yes, for at most `seconds` (a bound for a slow machine, not a
 * measure of speed); whether it did. For what happens after a response (a job, another
 * instance's notification).
 */
export async function eventually(done: () => boolean | Promise<boolean>, seconds = 60): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}
