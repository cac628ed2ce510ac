import { fakeUnitOfWork } from '../../test/utils/mocks';
import { InProcessJobs, nextTime } from './in-process-jobs';
import { checkJobName, retryDelaySeconds } from './jobs';

describe('jobs', () => {
  it('waits longer before each new try: the base, doubling, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(30, n))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, 20)).toBe(3600);
  });

  it('takes job names a queue table and a log can hold, and no other', () => {
    expect(() => checkJobName('notice-email')).not.toThrow();
    for (const bad of ['', 'Notice', '1job', 'a b', 'x'.repeat(51)]) expect(() => checkJobName(bad)).toThrow();
  });

  it("reads schedules in Vietnam's time", () => {
    // 00:30 UTC on Sunday 6 December 2026 is 07:30 in Vietnam: the next 07:00 is Monday's.
    expect(nextTime('0 7 * * *', new Date('2026-12-06T00:30:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(nextTime('0 * * * *', new Date('2026-12-06T00:30:00Z')).toISOString()).toBe('2026-12-06T01:00:00.000Z');
  });

  it('in process: runs a job once its transaction commits, never after a rollback, and tries a failing one again until it has no tries left', async () => {
    const uow = fakeUnitOfWork();
    const jobs = new InProcessJobs(uow, 0.01);
    const run = jest.fn(async (d: { n: number }) => ({ twice: d.n * 2 }));
    const failing = jest.fn(async () => {
      throw new Error('no answer');
    });
    jobs.define({ name: 'double', retries: 0, run });
    jobs.define({ name: 'fails', retries: 2, run: failing });
    expect(() => jobs.define({ name: 'double', retries: 0, run })).toThrow(/twice/);

    const kept = await uow.run(async () => {
      const ticket = await jobs.enqueue({ name: 'double', retries: 0, run }, { n: 4 });
      expect(run).not.toHaveBeenCalled();
      return ticket;
    });
    await expect(kept.outcome()).resolves.toEqual({ ok: true, value: { twice: 8 } });
    await expect(uow.run(async () => {
      await jobs.enqueue({ name: 'double', retries: 0, run }, { n: 5 });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const failed = await jobs.enqueue({ name: 'fails', retries: 2, run: failing }, {});
    await expect(failed.outcome()).resolves.toEqual({ ok: false, error: 'no answer' });
    expect(failing).toHaveBeenCalledTimes(3);
    expect(run).toHaveBeenCalledTimes(1);
    await jobs.stop();
  });
});
