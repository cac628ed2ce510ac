// The open-data bundle: what each file holds, column by column, with its type and meaning in
// Vietnamese (the data dictionary is built from these same definitions, so it always matches
// the files). Machine-friendly values: ISO dates (yyyy-mm-dd), a dot for decimals, stable
// ASCII column names. Public data only: recognised initiatives as the catalogue shows them,
// their public files, and the replication programmes' figures; never a person's date of
// birth, confidential text, internal files, or who declined to adopt and why.

export type ColumnType = 'chuỗi' | 'số nguyên' | 'số thực' | 'ngày';

export interface DatasetColumn<T> {
  name: string;
  type: ColumnType;
  meaning: string;
  value: (row: T) => string | number | null;
}

export interface Dataset<T> {
  /** The file's stable name, without extension (.csv and .json are both published). */
  name: string;
  title: string;
  description: string;
  columns: DatasetColumn<T>[];
}

export interface InitiativeRow {
  id: number;
  code: string;
  year: number;
  title: string;
  unit: string;
  unitNow: string;
  field: string;
  level: string;
  decisionNumber: string;
  decisionDate: string | null;
  adoptedUnits: number;
}

export interface ProgrammeRow {
  id: number;
  year: number;
  title: string;
  issuer: string;
  decisionNumber: string;
  decisionDate: string | null;
  reportDeadline: string | null;
  initiatives: number;
  units: number;
  records: number;
  adopted: number;
}

export interface FileRow {
  id: number;
  initiativeCode: string;
  name: string;
  mediaType: string;
  size: number;
}

export const INITIATIVES: Dataset<InitiativeRow> = {
  name: 'sang-kien',
  title: 'Sáng kiến được công nhận',
  description: 'Mỗi dòng một sáng kiến đã được công nhận, như danh mục công khai hiển thị.',
  columns: [
    { name: 'ma', type: 'chuỗi', meaning: 'Mã sáng kiến (SK-năm-số)', value: (r) => r.code },
    { name: 'nam', type: 'số nguyên', meaning: 'Năm của sáng kiến (năm của đợt xét)', value: (r) => r.year },
    { name: 'ten', type: 'chuỗi', meaning: 'Tên sáng kiến', value: (r) => r.title },
    { name: 'don_vi', type: 'chuỗi', meaning: 'Đơn vị của sáng kiến khi nộp', value: (r) => r.unit },
    { name: 'don_vi_hien_nay', type: 'chuỗi', meaning: 'Đơn vị hiện nay (đơn vị kế thừa nếu đơn vị cũ đã sáp nhập, chia tách; trống nếu như cột don_vi)', value: (r) => (r.unitNow === r.unit ? '' : r.unitNow) },
    { name: 'linh_vuc', type: 'chuỗi', meaning: 'Lĩnh vực', value: (r) => r.field },
    { name: 'pham_vi_anh_huong', type: 'chuỗi', meaning: 'Phạm vi ảnh hưởng được công nhận (cấp cơ sở, cấp tỉnh, toàn quốc)', value: (r) => r.level },
    { name: 'so_quyet_dinh', type: 'chuỗi', meaning: 'Số quyết định công nhận', value: (r) => r.decisionNumber },
    { name: 'ngay_quyet_dinh', type: 'ngày', meaning: 'Ngày quyết định công nhận (yyyy-mm-dd)', value: (r) => r.decisionDate },
    { name: 'so_don_vi_da_ap_dung', type: 'số nguyên', meaning: 'Số đơn vị hiện nay đã áp dụng, qua mọi kế hoạch nhân rộng', value: (r) => r.adoptedUnits },
    { name: 'dia_chi', type: 'chuỗi', meaning: 'Đường dẫn trang của sáng kiến trong danh mục công khai', value: (r) => `/catalogue/${r.id}` },
  ],
};

export const PROGRAMMES: Dataset<ProgrammeRow> = {
  name: 'ke-hoach-nhan-rong',
  title: 'Kế hoạch nhân rộng',
  description: 'Mỗi dòng một kế hoạch nhân rộng sáng kiến, với số bản ghi và tỷ lệ đã áp dụng.',
  columns: [
    { name: 'ma_ke_hoach', type: 'số nguyên', meaning: 'Mã của kế hoạch trong hệ thống', value: (r) => r.id },
    { name: 'nam', type: 'số nguyên', meaning: 'Năm của kế hoạch', value: (r) => r.year },
    { name: 'ten', type: 'chuỗi', meaning: 'Tên kế hoạch', value: (r) => r.title },
    { name: 'don_vi_ban_hanh', type: 'chuỗi', meaning: 'Đơn vị ban hành kế hoạch', value: (r) => r.issuer },
    { name: 'so_quyet_dinh', type: 'chuỗi', meaning: 'Số quyết định ban hành', value: (r) => r.decisionNumber },
    { name: 'ngay_quyet_dinh', type: 'ngày', meaning: 'Ngày quyết định ban hành (yyyy-mm-dd)', value: (r) => r.decisionDate },
    { name: 'han_bao_cao', type: 'ngày', meaning: 'Hạn báo cáo kết quả áp dụng (yyyy-mm-dd)', value: (r) => r.reportDeadline },
    { name: 'so_sang_kien', type: 'số nguyên', meaning: 'Số sáng kiến được nhân rộng', value: (r) => r.initiatives },
    { name: 'so_don_vi', type: 'số nguyên', meaning: 'Số đơn vị được giao áp dụng', value: (r) => r.units },
    { name: 'so_ban_ghi', type: 'số nguyên', meaning: 'Số bản ghi (mỗi sáng kiến ở mỗi đơn vị được giao)', value: (r) => r.records },
    { name: 'so_ban_ghi_da_ap_dung', type: 'số nguyên', meaning: 'Số bản ghi đã áp dụng', value: (r) => r.adopted },
    { name: 'ty_le_ap_dung', type: 'số thực', meaning: 'Tỷ lệ bản ghi đã áp dụng, từ 0 đến 1 (4 chữ số thập phân)', value: (r) => (r.records ? Math.round((r.adopted / r.records) * 10000) / 10000 : null) },
  ],
};

export const FILES: Dataset<FileRow> = {
  name: 'tep-cong-khai',
  title: 'Tài liệu công khai của sáng kiến',
  description: 'Mỗi dòng một tệp được đặt là công khai của một sáng kiến được công nhận.',
  columns: [
    { name: 'ma_sang_kien', type: 'chuỗi', meaning: 'Mã sáng kiến có tệp', value: (r) => r.initiativeCode },
    { name: 'ten_tep', type: 'chuỗi', meaning: 'Tên tệp', value: (r) => r.name },
    { name: 'loai', type: 'chuỗi', meaning: 'Kiểu tệp (MIME)', value: (r) => r.mediaType },
    { name: 'kich_thuoc', type: 'số nguyên', meaning: 'Kích thước (byte)', value: (r) => r.size },
    { name: 'dia_chi', type: 'chuỗi', meaning: 'Đường dẫn tải tệp', value: (r) => `/attachments/${r.id}` },
  ],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the three row types
export const DATASETS: readonly Dataset<any>[] = [INITIATIVES, PROGRAMMES, FILES];

/** The licence the bundle is published under. */
export const LICENCE = { name: 'Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/deed.vi' };

/** A CSV field: quoted when it holds a separator, a quote or a line break; a formula's first character neutralised. */
function csvValue(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The dataset as CSV: UTF-8 with a byte-order mark (Excel reads the Vietnamese), comma-separated, CRLF lines. */
export function toCsv<T>(dataset: Dataset<T>, rows: readonly T[]): string {
  const lines = [dataset.columns.map((c) => c.name).join(','), ...rows.map((r) => dataset.columns.map((c) => csvValue(c.value(r))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The dataset as JSON: an array of objects keyed by the column names. */
export function toJson<T>(dataset: Dataset<T>, rows: readonly T[]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(dataset.columns.map((c) => [c.name, c.value(r)]))));
}

export interface DictionaryRow {
  file: string;
  column: string;
  type: ColumnType;
  meaning: string;
}

/** The data dictionary: every column of every file. */
export function dictionary(): DictionaryRow[] {
  return DATASETS.flatMap((d) => d.columns.map((c) => ({ file: d.name, column: c.name, type: c.type, meaning: c.meaning })));
}

export const DICTIONARY: Dataset<DictionaryRow> = {
  name: 'tu-dien-du-lieu',
  title: 'Từ điển dữ liệu',
  description: 'Mỗi dòng một cột của một tệp: tên, kiểu và ý nghĩa.',
  columns: [
    { name: 'tep', type: 'chuỗi', meaning: 'Tên tệp (không kèm đuôi .csv, .json)', value: (r) => r.file },
    { name: 'cot', type: 'chuỗi', meaning: 'Tên cột', value: (r) => r.column },
    { name: 'kieu', type: 'chuỗi', meaning: 'Kiểu giá trị: chuỗi, số nguyên, số thực, ngày (yyyy-mm-dd)', value: (r) => r.type },
    { name: 'y_nghia', type: 'chuỗi', meaning: 'Ý nghĩa của cột', value: (r) => r.meaning },
  ],
};
