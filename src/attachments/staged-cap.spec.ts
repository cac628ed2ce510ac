import { planStaging, stagedCap } from './staged-cap';

describe(planStaging.name, () => {
  const cap = { files: 4, bytes: 100 };
  const staged = (...sizes: number[]) => sizes.map((size, i) => ({ id: i + 1, size }));
  const files = (...sizes: number[]) => sizes.map((size) => ({ size }));

  it('keeps everything while the person stays under the cap', () => {
    expect(planStaging(staged(10, 10), files(10, 10), cap)).toEqual({ keep: 2, evict: [] });
  });

  it('removes the oldest staged files first when the count would pass the cap', () => {
    expect(planStaging(staged(1, 1, 1, 1), files(1, 1), cap)).toEqual({ keep: 2, evict: [1, 2] });
  });

  it('removes the oldest staged files first when the bytes would pass the cap, no more than needed', () => {
    expect(planStaging(staged(40, 30, 20), files(30), cap)).toEqual({ keep: 1, evict: [1] });
    expect(planStaging(staged(5, 30, 20), files(60), cap)).toEqual({ keep: 1, evict: [1, 2] });
  });

  it('keeps the first new files that fit by themselves, drops the rest, and then makes room for them', () => {
    expect(planStaging(staged(20, 5), files(50, 40, 30), cap)).toEqual({ keep: 2, evict: [1] });
    expect(planStaging(staged(), files(1, 1, 1, 1, 1, 1), cap)).toEqual({ keep: 4, evict: [] });
  });

  it('keeps nothing new and removes nothing when the first new file alone is over the cap', () => {
    expect(planStaging(staged(10), files(101, 1), cap)).toEqual({ keep: 0, evict: [] });
  });

  it('brings a person already over the cap (a smaller cap since) back under it', () => {
    expect(planStaging(staged(50, 50, 50), files(), cap)).toEqual({ keep: 0, evict: [1] });
  });
});

describe(stagedCap.name, () => {
  it('is two full forms: twice the files of a form and twice the bytes of an initiative', () => {
    expect(stagedCap(20, 100 * 1024 * 1024)).toEqual({ files: 40, bytes: 200 * 1024 * 1024 });
  });
});
