export const PAGE_SIZE = 50;

export interface PageLink {
  page: number;
  href: string;
  current: boolean;
}

export interface Pagination {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  prev?: string;
  next?: string;
  links: PageLink[];
}

export function pageNumber(raw: unknown): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : 1;
}

/** View model for the pagination partial; links keep the current filters. */
export function paginate(page: number, total: number, query: Record<string, unknown>, pageSize = PAGE_SIZE): Pagination {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pages);
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === 'page' || v === undefined || v === null || v === '') continue;
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
    }
    if (p > 1) params.set('page', String(p));
    const s = params.toString();
    return s ? `?${s}` : '?';
  };
  const start = Math.max(1, current - 3);
  const end = Math.min(pages, current + 3);
  const links: PageLink[] = [];
  for (let p = start; p <= end; p++) links.push({ page: p, href: href(p), current: p === current });
  return {
    page: current,
    pages,
    total,
    from: total === 0 ? 0 : (current - 1) * pageSize + 1,
    to: Math.min(total, current * pageSize),
    prev: current > 1 ? href(current - 1) : undefined,
    next: current < pages ? href(current + 1) : undefined,
    links,
  };
}
