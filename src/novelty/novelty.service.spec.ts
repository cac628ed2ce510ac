import { AppConfig } from '../config/app-config';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { NoveltyRepository } from './novelty.repository';
import { NoveltyService } from './novelty.service';
import { ctxOf, person } from '../../test/utils/context';
import { fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';
import { Role } from '../users/roles';
import { UnitsService } from '../units/units.service';
import { InitiativeStatus } from '../initiatives/initiative-status';
import * as similarity from './similarity';
import { lineage } from '../replication/unit-lineage';

/** The service with the thresholds of the settings; the database is never reached in these tests. */
function setup() {
  const t = newTestService(NoveltyService);
  const config = t.mock(AppConfig);
  config.get.mockImplementation(((key: string) => ({ noveltyShowAt: 0.3, noveltyLikelyAt: 0.6 })[key]) as never);
  const repo = t.mock(NoveltyRepository);
  repo.wordIds.mockResolvedValue(new Map());
  repo.phraseIds.mockResolvedValue([]);
  return { ...t, repo, cache: t.mock(ReadCache), uow: t.mock(UnitOfWork) };
}

/**
 * The service with a real read cache (kept for a minute) over a fake unit of work, the units'
 * names and lineage empty: what it keeps between checks is seen.
 */
function withKeptReads() {
  const uow = fakeUnitOfWork();
  const cache = new ReadCache(uow, { ttlMs: 60_000 });
  const t = newTestService(NoveltyService, [provide(UnitOfWork, uow), provide(ReadCache, cache)]);
  t.mock(AppConfig).get.mockImplementation(((key: string) => ({ noveltyShowAt: 0.3, noveltyLikelyAt: 0.6 })[key]) as never);
  t.mock(UnitsService).byId.mockResolvedValue(new Map());
  t.mock(UnitsService).derived.mockResolvedValue(lineage([]) as never);
  return { ...t, uow, cache, repo: t.mock(NoveltyRepository) };
}

const author = ctxOf(person(7, [Role.Author], 3));
const focal = ctxOf(person(8, [Role.UnitFocal], 3));

describe(NoveltyService.name, () => {
  it('takes both thresholds from the settings', () => {
    expect(setup().sut.thresholds()).toEqual({ showAt: 0.3, likelyAt: 0.6 });
  });

  it('lists nothing for a draft without words, without reading anything', async () => {
    const { sut, cache } = setup();
    await expect(sut.similar(author, { title: '  ', problem: '—', solution: '' })).resolves.toEqual({ items: [], showAt: 0.3, likelyAt: 0.6 });
    expect(cache.get).not.toHaveBeenCalled();
  });

  it('keeps a list per person and text (what one may see is not what another may), dropped by changes to initiatives, units or users', async () => {
    const { sut, cache } = setup();
    cache.get.mockResolvedValue({ items: [], showAt: 0.3, likelyAt: 0.6 });
    const draft = { title: 'Trả kết quả hồ sơ qua bưu chính công ích', problem: '', solution: '' };
    await sut.similar(author, draft);
    await sut.similar(author, { ...draft, title: draft.title.toUpperCase() });
    await sut.similar(focal, draft);
    await sut.similar(author, draft, 12);
    const keys = cache.get.mock.calls.map((c) => c[0]);
    expect(keys.every((k) => k.startsWith('novelty:'))).toBe(true);
    // The same folded words give the same key; another person or another initiative being edited, another key.
    expect(keys[1]).toBe(keys[0]);
    expect(new Set([keys[0], keys[2], keys[3]]).size).toBe(3);
    for (const call of cache.get.mock.calls) expect(call[2]).toEqual(['initiatives', 'units', 'users']);
  });

  it('reads afresh inside a transaction: a submission keeps what is true at that moment, never a kept list', async () => {
    const { sut, cache, uow, repo } = setup();
    await expect(uow.run(() => sut.similar(author, { title: 'Số hóa hồ sơ hộ tịch', problem: '', solution: '' }))).resolves.toEqual({ items: [], showAt: 0.3, likelyAt: 0.6 });
    expect(repo.wordIds).toHaveBeenCalledWith(['so', 'hoa', 'ho', 'tich'], 201);
    expect(cache.get).not.toHaveBeenCalled();
  });

  it('looks each word up once until an initiative changes, and afresh inside a transaction', async () => {
    const { uow, cache, repo, ...t } = withKeptReads();
    // Every word too common to narrow anything: the newest holding the title's first two words are looked up too.
    repo.wordIds.mockImplementation(async (words) => new Map(words.map((w) => [w, []])));
    repo.phraseIds.mockResolvedValue([]);
    const looked = () => repo.wordIds.mock.calls.flatMap(([words]) => words);
    const newest = () => repo.phraseIds.mock.calls.map(([words]) => words.join(' '));
    await t.sut.similar(author, { title: 'Số hóa hồ sơ hộ tịch', problem: '', solution: '' });
    expect(looked()).toEqual(['so', 'hoa', 'ho', 'tich']);
    expect(newest()).toEqual(['so', 'hoa']);
    // Another draft (another list), sharing three words: only the new one is looked up.
    await t.sut.similar(author, { title: 'Số hóa hồ sơ đất đai', problem: '', solution: '' });
    expect(looked()).toEqual(['so', 'hoa', 'ho', 'tich', 'dat', 'dai']);
    expect(newest()).toEqual(['so', 'hoa']);
    // An initiative changed: every word is looked up again.
    cache.changed(new Set(['initiatives']));
    await t.sut.similar(focal, { title: 'Số hóa hồ sơ đất đai', problem: '', solution: '' });
    expect(looked().slice(6)).toEqual(['so', 'hoa', 'ho', 'dat', 'dai']);
    expect(newest()).toEqual(['so', 'hoa', 'so', 'hoa']);
    // A change to something else keeps them.
    cache.changed(new Set(['programme:1']));
    await t.sut.similar(author, { title: 'Hồ sơ đất đai', problem: '', solution: '' });
    expect(looked()).toHaveLength(11);
    // Its first two words: "so" kept, "ho" looked up.
    expect(newest()).toEqual(['so', 'hoa', 'so', 'hoa', 'ho']);
    // Inside a transaction (a submission): read afresh, nothing kept is used.
    await uow.run(() => t.sut.similar(author, { title: 'Số hóa hồ sơ hộ tịch', problem: '', solution: '' }));
    expect(looked().slice(11)).toEqual(['so', 'hoa', 'ho', 'tich']);
    expect(newest().slice(5)).toEqual(['so', 'hoa']);
  });

  it('makes each candidate’s profile once until an initiative changes, with the same scores; afresh inside a transaction', async () => {
    const { uow, cache, repo, ...t } = withKeptReads();
    repo.wordIds.mockImplementation(async (words) => new Map(words.map((w) => [w, [11, 12]])));
    repo.phraseIds.mockResolvedValue([]);
    repo.authoredBy.mockResolvedValue(new Set());
    const row = (id: number, title: string) => ({ id, code: `SK-2024-0${id}`, title, year: 2024, status: InitiativeStatus.Recognized, unitId: 3, createdById: 99, roundId: 1, paperRecord: false, problem: 'Người dân đi lại nhiều lần.', solution: 'Ký hợp đồng với bưu điện.' });
    repo.candidates.mockResolvedValue([row(11, 'Trả kết quả qua bưu chính công ích'), row(12, 'Số hóa hồ sơ đất đai')]);
    const draft = { title: 'Trả kết quả hồ sơ qua bưu chính', problem: '', solution: '' };
    const kept = () => cache.get('novelty.profiles', async () => new Map<number, similarity.NumberedNoveltyProfile>(), ['initiatives']);
    const first = await t.sut.similar(author, draft);
    const expected = similarity.noveltyScore(similarity.noveltyProfile(draft), similarity.noveltyProfile({ title: 'Trả kết quả qua bưu chính công ích', problem: 'Người dân đi lại nhiều lần.', solution: 'Ký hợp đồng với bưu điện.' }));
    expect(first.items.map((i) => [i.id, i.score])).toEqual([[11, expected]]);
    const profiles = await kept();
    expect([...profiles.keys()]).toEqual([11, 12]);
    const eleven = profiles.get(11);
    // Another draft: the candidates' profiles are those kept.
    await t.sut.similar(author, { ...draft, title: 'Trả kết quả qua bưu chính công ích' });
    expect(await kept()).toBe(profiles);
    expect(profiles.get(11)).toBe(eleven);
    // An initiative changed: made anew, with the same score.
    cache.changed(new Set(['initiatives']));
    expect((await t.sut.similar(focal, draft)).items.map((i) => [i.id, i.score])).toEqual([[11, expected]]);
    const again = await kept();
    expect(again).not.toBe(profiles);
    expect(again.get(11)).not.toBe(eleven);
    expect(again.get(11)).toEqual(eleven);
    // Inside a transaction, nothing kept is used or added.
    repo.candidates.mockResolvedValue([row(13, 'Trả kết quả qua bưu chính')]);
    expect((await uow.run(() => t.sut.similar(author, draft))).items.map((i) => i.id)).toEqual([13]);
    expect([...again.keys()]).toEqual([11, 12]);
  });

  it('keeps what it had found when the kept words fill up and start again', async () => {
    const { cache, repo, ...t } = withKeptReads();
    // Each word held by its own initiative: the candidates tell which words were found.
    const idOf = (w: string) => 1000 + [...w].reduce((a, c) => a * 31 + c.charCodeAt(0), 0) % 1000;
    repo.wordIds.mockImplementation(async (words) => new Map(words.map((w) => [w, [idOf(w)]])));
    repo.phraseIds.mockResolvedValue([]);
    repo.authoredBy.mockResolvedValue(new Set());
    repo.candidates.mockResolvedValue([]);
    await t.sut.similar(author, { title: 'Số hóa hồ sơ', problem: '', solution: '' });
    // The kept words one short of full: the next check's two new words start them again.
    const known = await cache.get('novelty.words', async () => new Map<string, number[]>(), ['initiatives']);
    for (let k = known.size; k < 4999; k++) known.set(`w${k}`, []);
    await t.sut.similar(author, { title: 'Số hóa hồ sơ đất đai', problem: '', solution: '' });
    expect(repo.wordIds).toHaveBeenLastCalledWith(['dat', 'dai'], 201);
    const scored = repo.candidates.mock.calls[repo.candidates.mock.calls.length - 1][0];
    expect(new Set(scored)).toEqual(new Set(['so', 'hoa', 'ho', 'dat', 'dai'].map(idOf)));
    expect([...known.keys()]).toEqual(['dat', 'dai']);
  });
});
