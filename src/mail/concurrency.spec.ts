import { ConcurrencyLimit, within } from './concurrency';

/** A piece of work that ends when told to. */
function deferred() {
  let release: () => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return { done, release, fail };
}

const tick = () => new Promise((r) => setImmediate(r));

describe(ConcurrencyLimit.name, () => {
  it('runs at most `limit` pieces of work at a time, the others in the order they came', async () => {
    const sut = new ConcurrencyLimit(2);
    const works = [deferred(), deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let most = 0;
    const all = works.map((w, i) =>
      sut.run(async () => {
        started.push(i);
        most = Math.max(most, sut.active);
        await w.done;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    works[1].release();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    works[0].release();
    works[2].release();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    works[3].release();
    works[4].release();
    await expect(Promise.all(all)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(sut.active).toBe(0);
  });

  it('gives the turn on when a piece of work fails, and passes the failure to its caller', async () => {
    const sut = new ConcurrencyLimit(1);
    const first = deferred();
    const failing = sut.run(() => first.done);
    const second = sut.run(async () => 'sent');
    first.fail(new Error('550 refused'));
    await expect(failing).rejects.toThrow('550 refused');
    await expect(second).resolves.toBe('sent');
    expect(sut.active).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow();
    expect(() => new ConcurrencyLimit(1.5)).toThrow();
  });
});

describe(within.name, () => {
  afterEach(() => jest.useRealTimers());

  it('gives the value of work done in time', async () => {
    await expect(within(Promise.resolve(3), 1_000)).resolves.toEqual({ done: true, value: 3 });
  });

  it('stops waiting after the time while the work goes on, and passes on a failure in time', async () => {
    jest.useFakeTimers();
    const work = deferred();
    const waited = within(work.done, 4_000);
    jest.advanceTimersByTime(4_000);
    await expect(waited).resolves.toEqual({ done: false });
    work.release();
    await expect(work.done).resolves.toBeUndefined();
    jest.useRealTimers();
    await expect(within(Promise.reject(new Error('boom')), 1_000)).rejects.toThrow('boom');
  });
});
