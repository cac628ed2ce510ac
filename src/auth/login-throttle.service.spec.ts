import { EntityManager, LessThan, MoreThan, Repository } from 'typeorm';
import { automock, fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';
import { UnitOfWork } from '../database/unit-of-work';
import { LoginFailure } from './login-failure.entity';
import { LoginThrottleService, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PAIR, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_TRUSTED } from './login-throttle.service';

const now = new Date('2026-03-02T08:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
/** The start of the 15-minute window at `now`. */
const since = minutesAgo(15);

type Row = { username: string; ip: string; at: Date };
/** `n` failures of a name from an address, one a minute from a minute ago. */
const failures = (n: number, username: string | ((i: number) => string), ip: string | ((i: number) => string)): Row[] =>
  Array.from({ length: n }, (_, i) => ({ username: typeof username === 'string' ? username : username(i), ip: typeof ip === 'string' ? ip : ip(i), at: minutesAgo(1 + (i % 14)) }));

/**
 * The service on its table of failures, as a list behind the mocked repository and manager:
 * `find` filters by the name, the address and the window's start it is asked for, `delete`
 * by name and address removes rows.
 */
function setup(rows: Row[] = []) {
  const table = [...rows];
  const repo = automock<Repository<LoginFailure>>(Repository);
  repo.find.mockImplementation(async (options) => {
    const where = (options as { where: { username?: string; ip?: string; at: { value: Date } } }).where;
    return table.filter((r) => (where.username === undefined || r.username === where.username) && (where.ip === undefined || r.ip === where.ip) && r.at > where.at.value) as LoginFailure[];
  });
  const manager = automock(EntityManager);
  manager.delete.mockImplementation(async (_entity, criteria) => {
    const where = criteria as Partial<Row>;
    const gone = table.filter((r) => where.username !== undefined && r.username === where.username && r.ip === where.ip);
    for (const r of gone) table.splice(table.indexOf(r), 1);
    return { raw: [], affected: gone.length };
  });
  const uow = fakeUnitOfWork();
  uow.repository.mockReturnValue(repo);
  uow.write.mockImplementation((work) => work(manager));
  const t = newTestService(LoginThrottleService, [provide(UnitOfWork, uow)]);
  return { ...t, repo, manager, uow };
}

afterEach(() => jest.useRealTimers());

describe(`${LoginThrottleService.name} (on its table)`, () => {
  describe('state', () => {
    it('asks for the failures after the start of the 15-minute window: of the name in lower case from this address, of the address, of the name', async () => {
      const { sut, repo, uow } = setup();
      await sut.state('TacGia', '10.0.0.1', false, now);
      expect(uow.repository).toHaveBeenCalledWith(LoginFailure);
      expect(repo.find.mock.calls).toEqual([
        [{ where: { username: 'tacgia', ip: '10.0.0.1', at: MoreThan(since) }, select: { at: true } }],
        [{ where: { ip: '10.0.0.1', at: MoreThan(since) }, select: { at: true } }],
        [{ where: { username: 'tacgia', at: MoreThan(since) }, select: { at: true } }],
      ]);
    });

    it(`blocks a name from one address at its ${MAX_FAILURES_PER_PAIR}th failure there within the window, a failure exactly 15 minutes old no longer counting`, async () => {
      const recent = failures(MAX_FAILURES_PER_PAIR - 1, 'tacgia', '10.0.0.1');
      const old = { username: 'tacgia', ip: '10.0.0.1', at: since };
      expect(await setup([...recent, old]).sut.state('tacgia', '10.0.0.1', false, now)).toEqual({ blocked: false, retryInMinutes: 0 });
      // The 5th, 14 minutes ago, leaves the window in a minute.
      const fifth = { username: 'tacgia', ip: '10.0.0.1', at: minutesAgo(14) };
      expect(await setup([...recent, fifth]).sut.state('tacgia', '10.0.0.1', false, now)).toEqual({ blocked: true, retryInMinutes: 1 });
    });

    it(`blocks an address after ${MAX_FAILURES_PER_ADDRESS} failures across names, for any name tried there, but not another address`, async () => {
      const rows = failures(MAX_FAILURES_PER_ADDRESS, (i) => `khong-co-${i}`, '10.0.0.1');
      const { sut } = setup(rows);
      expect((await sut.state('daumoi.vinhthai', '10.0.0.1', false, now)).blocked).toBe(true);
      expect((await sut.state('daumoi.vinhthai', '10.0.0.2', false, now)).blocked).toBe(false);
      expect((await setup(rows.slice(1)).sut.state('daumoi.vinhthai', '10.0.0.1', false, now)).blocked).toBe(false);
    });

    it(`blocks a name tried from many addresses after ${MAX_FAILURES_PER_USERNAME} failures, except from a browser that signed in as it before`, async () => {
      const rows = failures(MAX_FAILURES_PER_USERNAME, 'tacgia', (i) => `198.51.100.${i}`);
      const { sut } = setup(rows);
      expect((await sut.state('tacgia', '203.0.113.9', false, now)).blocked).toBe(true);
      expect((await sut.state('tacgia', '203.0.113.9', true, now)).blocked).toBe(false);
      expect((await setup(rows.slice(1)).sut.state('tacgia', '203.0.113.9', false, now)).blocked).toBe(false);
    });

    it(`lets a browser that signed in as the name before fail ${MAX_FAILURES_TRUSTED} times from its address, not ${MAX_FAILURES_PER_PAIR}`, async () => {
      const { sut } = setup(failures(MAX_FAILURES_PER_PAIR, 'tacgia', '10.0.0.1'));
      expect((await sut.state('tacgia', '10.0.0.1', false, now)).blocked).toBe(true);
      expect((await sut.state('tacgia', '10.0.0.1', true, now)).blocked).toBe(false);
      const trusted = setup(failures(MAX_FAILURES_TRUSTED, 'tacgia', '10.0.0.1'));
      expect((await trusted.sut.state('tacgia', '10.0.0.1', true, now)).blocked).toBe(true);
    });
  });

  it('counts the failed sign-ins of the window, every name and address', async () => {
    const { sut, repo } = setup();
    repo.count.mockResolvedValue(42);
    expect(await sut.failuresInWindow(now)).toBe(42);
    expect(repo.count).toHaveBeenCalledWith({ where: { at: MoreThan(since) } });
  });

  it("records a failure at the moment it happens through the write path (joining the sign-in's transaction, opening none), the address cut to 64 characters, and deletes those older than a day", async () => {
    jest.useFakeTimers({ now });
    const { sut, manager, uow } = setup();
    const ip = `fe80::1%${'eth'.repeat(30)}`;
    await sut.recordFailure('TacGia', ip);
    expect(uow.write).toHaveBeenCalledTimes(1);
    expect(uow.run).not.toHaveBeenCalled();
    expect(manager.insert).toHaveBeenCalledWith(LoginFailure, { username: 'tacgia', ip: ip.slice(0, 64), at: now });
    expect(manager.delete).toHaveBeenCalledWith(LoginFailure, { at: LessThan(new Date('2026-03-01T08:00:00Z')) });
  });

  it('after a sign-in, forgives through the write path the failures of that name from that address, so that it is no longer blocked there, and no others', async () => {
    const rows = [...failures(MAX_FAILURES_PER_PAIR, 'tacgia', '10.0.0.1'), ...failures(MAX_FAILURES_PER_PAIR, 'tacgia', '10.0.0.2'), ...failures(MAX_FAILURES_PER_PAIR, 'thuky', '10.0.0.1')];
    const { sut, manager, uow } = setup(rows);
    await sut.clear('TacGia', '10.0.0.1');
    expect(uow.write).toHaveBeenCalledTimes(1);
    expect(manager.delete.mock.calls).toEqual([[LoginFailure, { username: 'tacgia', ip: '10.0.0.1' }]]);
    expect((await sut.state('tacgia', '10.0.0.1', false, now)).blocked).toBe(false);
    expect((await sut.state('tacgia', '10.0.0.2', false, now)).blocked).toBe(true);
    expect((await sut.state('thuky', '10.0.0.1', false, now)).blocked).toBe(true);
  });
});
