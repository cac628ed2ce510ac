import { fieldId, viewHelpers } from './view-helpers';

// Handlebars appends an options object to every helper call.
const call = (name: string, ...args: unknown[]) => viewHelpers[name](...args, { hash: {} });

describe('view helpers', () => {
  it('eq compares across numbers and strings, never matching empty values', () => {
    expect(call('eq', 3, '3')).toBe(true);
    expect(call('eq', 3, 4)).toBe(false);
    expect(call('eq', undefined, undefined)).toBe(false);
    expect(call('eq', null, '')).toBe(false);
  });
  it('includes works for arrays and single values (one checkbox posts a string)', () => {
    expect(call('includes', ['author', 'unit_focal'], 'unit_focal')).toBe(true);
    expect(call('includes', 'author', 'author')).toBe(true);
    expect(call('includes', undefined, 'author')).toBe(false);
    expect(call('includes', [1, 2], '2')).toBe(true);
  });
  it('formats dates as dd/mm/yyyy', () => {
    expect(call('date', '2024-03-09')).toBe('09/03/2024');
    expect(call('date', null)).toBe('');
  });
  it('default fills empty values only', () => {
    expect(call('default', '', '—')).toBe('—');
    expect(call('default', 0, '—')).toBe(0);
  });
  it('writes numbers the Vietnamese way, leaving what is not a number as it is', () => {
    expect(call('fmtMean', 88.875)).toBe('88,88');
    expect(call('fmtMean', '88.88')).toBe('88,88');
    expect(call('fmtScore', 27.5)).toBe('27,5');
    expect(call('fmtRate', 33.333)).toBe('33,3%');
    expect(call('fmtShare', 12.5)).toBe('12,5%');
    expect(call('fmtInt', 15000)).toBe('15.000');
    expect(call('fmtNum', 96.5)).toBe('96,5');
    expect(call('fmtNum', '—')).toBe('—');
    expect(call('fmtMean', null)).toBe('');
  });
  it('or/and/not ignore the options argument', () => {
    expect(call('or', false, 0)).toBe(false);
    expect(call('and', true, 1)).toBe(true);
    expect(call('not', '')).toBe(true);
  });
});

import { matrixCellHtml, matrixRowHtml } from './view-helpers';

describe(matrixCellHtml.name, () => {
  it('escapes every text, names the status for screen readers and marks overdue cells, with no link', () => {
    const html = matrixCellHtml({ status: 'not_adopted', icon: '✕', label: 'Không áp dụng', date: null, reason: '<b>x</b>', overdue: true });
    expect(html).not.toContain('<a ');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<span class="visually-hidden">Không áp dụng, quá hạn</span>');
    expect(html).toContain('class="m-not_adopted od"');
    expect(matrixCellHtml(null)).toBe('<td class="text-body-secondary">—</td>');
    expect(matrixCellHtml({ status: 'adopted', icon: '●', label: 'Đã áp dụng', date: '2023-05-10', reason: '', overdue: false })).toContain('<small>10/05/2023</small>');
  });

  it('labels a cell with its column for the card layout (role and data-label, escaped), kept apart from the unlabelled fragment', () => {
    const cell = { status: 'adopted', icon: '●', label: 'Đã áp dụng', date: null, reason: '', overdue: false };
    expect(matrixCellHtml(cell, 'SK-2026-0001')).toBe('<td class="m-adopted" role="cell" data-label="SK-2026-0001"><span aria-hidden="true">●</span><span class="visually-hidden">Đã áp dụng</span></td>');
    expect(matrixCellHtml(cell)).not.toContain('data-label');
    expect(matrixCellHtml(null, '<SK>')).toBe('<td class="text-body-secondary" role="cell" data-label="&lt;SK&gt;">—</td>');
    expect(matrixRowHtml([cell, null], ['A', 'B'])).toBe(`${matrixCellHtml(cell, 'A')}<td class="text-body-secondary" role="cell" data-label="B">—</td>`);
    expect(matrixRowHtml([null, cell])).toBe(`<td class="text-body-secondary">—</td>${matrixCellHtml(cell)}`);
    // The row goes to the page as it is ({{htmlBytes cellsHtml}}, as bytes): every text in it is escaped here.
    expect(matrixRowHtml([{ ...cell, reason: '<script>x</script>' }], ['"><img src=x>'])).toBe(
      '<td class="m-adopted" role="cell" data-label="&quot;&gt;&lt;img src&#x3D;x&gt;"><span aria-hidden="true">●</span><span class="visually-hidden">Đã áp dụng</span><small>&lt;script&gt;x&lt;/script&gt;</small></td>',
    );
  });

  it('reuses the fragment of an identical cell and tells different ones apart', () => {
    const cell = { status: 'planned', icon: '◔', label: 'Đã có kế hoạch', date: null, reason: '', overdue: false };
    expect(matrixCellHtml({ ...cell })).toBe(matrixCellHtml({ ...cell }));
    expect(matrixCellHtml({ ...cell, dim: true })).toContain('class="m-planned dim"');
    expect(matrixCellHtml({ ...cell, overdue: true })).toContain('class="m-planned od"');
    expect(matrixCellHtml({ ...cell })).toBe('<td class="m-planned"><span aria-hidden="true">◔</span><span class="visually-hidden">Đã có kế hoạch</span></td>');
  });
});

describe('fieldHref (the error summary links to each field)', () => {
  it('names the input of an error key as the forms name it, bracketed and escaped for a link', () => {
    expect(fieldId('title')).toBe('f-title');
    expect(fieldId('authors.0.fullName')).toBe('f-authors[0][fullName]');
    expect(viewHelpers.fieldHref('points.c12', {})).toBe('#f-points%5Bc12%5D');
    expect(viewHelpers.fieldHref('votes.m3', {})).toBe('#f-votes%5Bm3%5D');
  });
});
