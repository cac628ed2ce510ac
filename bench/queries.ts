// Searches the benchmarks ask: broad words of the catalogue, never asked before.

/** Words that each match a large part of the generated catalogue (bench/seed.ts). */
export const BROAD_WORDS = ['dịch vụ công', 'hồ sơ', 'người dân', 'thủ tục hành chính', 'tiếp nhận', 'công chức', 'trực tuyến', 'hành chính', 'giải quyết', 'thời gian', 'ứng dụng', 'triển khai', 'số hóa', 'công khai', 'chuẩn hóa', 'tăng cường', 'một cửa', 'tư pháp'];

/**
 * Broad searches of the catalogue, each different: every word alone and with a year, a
 * field or both, by relevance and newest first (2,016 query strings, without the `?`).
 */
export function freshBroadSearches(): string[] {
  const out: string[] = [];
  for (const sort of ['', '&sort=newest'])
    for (const year of ['', '2019', '2020', '2021', '2022', '2023', '2024', '2025'])
      for (const field of ['', '1', '2', '3', '4', '5', '6']) for (const w of BROAD_WORDS) out.push(`q=${encodeURIComponent(w)}${year && `&year=${year}`}${field && `&field=${field}`}${sort}`);
  return out;
}
