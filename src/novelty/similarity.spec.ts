import { isCurrent, jaccard, MAX_WORDS, NoveltyText, noveltyProfile, noveltyScore, numberedNoveltyProfile, numberedNoveltyScore, profile, reasonLabel, sharedWords, similarity, startNumbering, syllableBigrams, syllables, trigrams, verdict } from './similarity';

describe('novelty similarity', () => {
  it('folds Vietnamese marks and đ→d explicitly', () => {
    expect(syllables('Bưu chính công ích')).toEqual(['buu', 'chinh', 'cong', 'ich']);
    expect(syllables('Đăng ký ĐẤT ĐAI, địa chính')).toEqual(['dang', 'ky', 'dat', 'dai', 'dia', 'chinh']);
  });

  it('makes syllable bigrams and padded character trigrams', () => {
    expect([...syllableBigrams(['buu', 'chinh', 'cong'])]).toEqual(['buu chinh', 'chinh cong']);
    expect([...trigrams(['buu'])]).toEqual(['  b', ' bu', 'buu', 'uu ']);
    expect(syllableBigrams(['mot']).size).toBe(0);
  });

  it('computes Jaccard indexes', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
  });

  it('"buu chinh" typed without marks is the same as "bưu chính"', () => {
    expect(similarity(profile('tiep nhan ho so qua buu chinh'), profile('Tiếp nhận hồ sơ qua bưu chính'))).toBe(1);
    expect(similarity(profile('duong'), profile('đường'))).toBe(1);
  });

  it('scores the better of title against title and whole against whole', () => {
    const draft = noveltyProfile({ title: 'Trả kết quả hồ sơ qua bưu chính công ích' });
    const same = noveltyProfile({ title: 'Trả kết quả hồ sơ qua bưu chính công ích tại xã', problem: 'Người dân phải đi lại nhiều lần.', solution: 'Ký hợp đồng với bưu điện.' });
    const other = noveltyProfile({ title: 'Ứng dụng phần mềm quản lý văn bản điều hành', problem: 'Văn bản giấy chậm.', solution: 'Dùng phần mềm.' });
    const s = noveltyScore(draft, same);
    expect(s).toBeGreaterThanOrEqual(0.5);
    expect(noveltyScore(draft, other)).toBeLessThan(0.25);
    expect(Number.isInteger(s * 1000)).toBe(true);
  });

  it('a single word compares on trigrams alone', () => {
    expect(similarity(profile('buuchinh'), profile('bưu chính'))).toBeGreaterThan(0);
    expect(similarity(profile(''), profile(''))).toBe(0);
  });

  it('applies the thresholds: shown at ≥ 0.25, "có thể trùng" at ≥ 0.5', () => {
    const t = { showAt: 0.25, likelyAt: 0.5 };
    expect(verdict(0.249, t)).toBeNull();
    expect(verdict(0.25, t)).toBe('similar');
    expect(verdict(0.499, t)).toBe('similar');
    expect(verdict(0.5, t)).toBe('likely');
    expect(verdict(0.3, { showAt: 0.3, likelyAt: 0.9 })).toBe('similar');
  });

  it('names the shared runs of words as the candidate writes them, longest first', () => {
    const draft = noveltyProfile({ title: 'tra ket qua qua buu chinh', solution: 'mot cua xa' });
    expect(sharedWords(draft, 'Trả kết quả qua Bưu chính công ích tại Bộ phận Một cửa')).toEqual(['trả kết quả qua bưu chính', 'một cửa']);
    expect(sharedWords(noveltyProfile({ title: 'buu' }), 'Bưu điện')).toEqual(['bưu']);
    expect(reasonLabel(['bưu chính'])).toBe('Cùng từ: “bưu chính”');
    expect(reasonLabel([])).toBe('Giống về cách viết');
  });
});

describe('noveltyProfile', () => {
  // The whole is the profile of the title, the summary and the solution written one after another.
  it.each<[string, NoveltyText]>([
    ['a full initiative', { title: 'Trả kết quả qua bưu chính', problem: 'Người dân đi lại nhiều lần.', solution: 'Ký hợp đồng với bưu điện.' }],
    ['no title', { title: '', problem: 'Hồ sơ giấy.', solution: null }],
    ['a title alone', { title: 'Một cửa điện tử' }],
    ['a title longer than the words compared', { title: 'một cửa '.repeat(MAX_WORDS), problem: 'bưu chính' }],
    ['a title ending in the middle of a word', { title: 'Chữ ký s', problem: 'ố hóa' }],
  ])('%s: title and whole as profiled apart', (_name, text) => {
    const p = noveltyProfile(text);
    expect(p.title).toEqual(profile(text.title));
    expect(p.whole).toEqual(profile([text.title, text.problem, text.solution].filter(Boolean).join(' ')));
  });

  it('gives the same trigrams the second time a syllable is met', () => {
    expect(trigrams(['buu', 'chinh'])).toEqual(new Set(['  b', ' bu', 'buu', 'uu ', '  c', ' ch', 'chi', 'hin', 'inh', 'nh ']));
    expect(trigrams(['chinh', 'buu', 'chinh'])).toEqual(new Set(['  b', ' bu', 'buu', 'uu ', '  c', ' ch', 'chi', 'hin', 'inh', 'nh ']));
  });
});

describe('numbered profiles', () => {
  /** A small deterministic random generator: the same texts every run. */
  const random = (seed: number) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const WORDS = ['bưu', 'chính', 'công', 'ích', 'một', 'cửa', 'hồ', 'sơ', 'điện', 'tử', 'đất', 'đai', 'tiếp', 'nhận', 'trả', 'kết', 'quả', 'QR', '2024', 'xã'];
  const text = (r: () => number, n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');

  it('score exactly as the profiles of strings do, whatever the texts', () => {
    const r = random(7);
    const texts: NoveltyText[] = [{ title: '' }, { title: 'bưu' }, { title: 'Bưu chính', problem: '' }, { title: 'một cửa '.repeat(MAX_WORDS), problem: 'bưu chính' }];
    for (let k = 0; k < 60; k++) texts.push({ title: text(r, 1 + Math.floor(r() * 8)), problem: text(r, Math.floor(r() * 40)), solution: text(r, Math.floor(r() * 40)) });
    startNumbering();
    const profiles = texts.map((t) => noveltyProfile(t));
    const numbered = profiles.map(numberedNoveltyProfile);
    let compared = 0;
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < texts.length; j++) {
        expect(numberedNoveltyScore(numbered[i], numbered[j])).toBe(noveltyScore(profiles[i], profiles[j]));
        compared++;
      }
    }
    expect(compared).toBe(64 * 64);
    // Not every pair alike or unlike: the comparison is of something.
    const scores = new Set(numbered.map((p) => numberedNoveltyScore(numbered[4], p)));
    expect(scores.size).toBeGreaterThan(10);
  });

  it('start again only between checks, past their bound: an older profile is then not current, and never compared with a newer one', () => {
    startNumbering();
    const before = numberedNoveltyProfile(noveltyProfile({ title: 'Bưu chính công ích' }));
    expect(isCurrent(before)).toBe(true);
    // Numbering many texts never starts again by itself …
    for (let k = 0; k < 110_000; k++) numberedNoveltyProfile(noveltyProfile({ title: `x${k} y${k}` }));
    expect(isCurrent(before)).toBe(true);
    // … but the next check does.
    startNumbering();
    expect(isCurrent(before)).toBe(false);
    const after = numberedNoveltyProfile(noveltyProfile({ title: 'Bưu chính công ích' }));
    expect(isCurrent(after)).toBe(true);
    expect(() => numberedNoveltyScore(after, before)).toThrow('generations');
    expect(numberedNoveltyScore(after, numberedNoveltyProfile(noveltyProfile({ title: 'bưu chính công ích' })))).toBe(1);
  });
});
