// Generates a large, realistic data set straight into the database (benchmarks only):
// units in a tree, initiatives with Vietnamese text and authors, attachment rows, and the
// full-text index, in large transactions. The same rows on SQLite and on PostgreSQL.
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { fold } from '../src/common/text';
import { searchWords } from '../src/database/search/initiative-search';

export interface SeedSize {
  units: number;
  initiatives: number;
  attachments: number;
}

/** A small deterministic random generator, so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACTIONS = ['Ứng dụng', 'Triển khai', 'Nâng cao hiệu quả', 'Đổi mới', 'Số hóa', 'Rút ngắn thời gian', 'Công khai', 'Hỗ trợ người dân', 'Chuẩn hóa', 'Tăng cường'];
const OBJECTS = [
  'tiếp nhận và trả kết quả hồ sơ thủ tục hành chính',
  'dịch vụ công trực tuyến toàn trình',
  'thanh toán phí, lệ phí trực tuyến',
  'chứng thực bản sao điện tử',
  'đăng ký hộ tịch',
  'cấp giấy chứng nhận quyền sử dụng đất',
  'quản lý văn bản và hồ sơ công việc',
  'chữ ký số trong giải quyết công việc',
  'tra cứu thủ tục hành chính bằng mã QR',
  'khảo sát sự hài lòng của người dân',
  'Tổ công nghệ số cộng đồng',
  'hộp thư góp ý điện tử',
];
const PLACES = ['Bộ phận Một cửa', 'UBND xã', 'UBND phường', 'thị trấn', 'Văn phòng HĐND và UBND', 'Phòng Tư pháp', 'Phòng Tài nguyên và Môi trường'];
const SENTENCES = [
  'Người dân phải đi lại nhiều lần để bổ sung hồ sơ, mất nhiều thời gian và chi phí.',
  'Công chức hướng dẫn người dân chuẩn bị đầy đủ thành phần hồ sơ ngay từ lần đầu.',
  'Niêm yết công khai quy trình, thời hạn giải quyết và phí, lệ phí tại nơi tiếp nhận.',
  'Tỷ lệ hồ sơ nộp trực tuyến tăng rõ rệt sau khi áp dụng giải pháp.',
  'Giải pháp không đòi hỏi kinh phí lớn, dễ nhân rộng ra các đơn vị khác.',
  'Cán bộ, công chức được tập huấn sử dụng phần mềm và chữ ký số.',
  'Mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính được nâng lên.',
  'Thời gian giải quyết hồ sơ được rút ngắn so với quy định.',
  'Đoàn viên thanh niên hỗ trợ người cao tuổi thực hiện thủ tục trên điện thoại thông minh.',
  'Kết quả giải quyết được trả qua dịch vụ bưu chính công ích.',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thanh', 'Đức', 'Quang', 'Thu', 'Kim', 'Hữu'];
const GIVEN = ['Hạnh', 'Hùng', 'Loan', 'Oanh', 'Thơm', 'Thu', 'Tuấn', 'Hà', 'Lan', 'Bình', 'Dũng', 'Mai', 'Hương', 'Sơn', 'Thảo'];
const STATUSES = ['recognized', 'recognized', 'recognized', 'submitted', 'under_review', 'draft', 'not_recognized', 'withdrawn', 'returned'];

const isPostgres = (m: EntityManager) => m.connection.options.type === 'postgres';

async function insertRows(m: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(30000 / columns.length);
  const pg = isPostgres(m);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    let n = 0;
    const placeholders = chunk.map(() => `(${columns.map(() => (pg ? `$${++n}` : '?')).join(',')})`).join(',');
    await m.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${placeholders}`, chunk.flat());
  }
}

/** On PostgreSQL, rows inserted with their ids leave the sequences behind: move them past. */
async function resetSequences(m: EntityManager, tables: string[]): Promise<void> {
  if (!isPostgres(m)) return;
  for (const table of tables) {
    await m.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM "${table}"`);
  }
}

/** Fills an empty, migrated database. Returns the id of a draft owned by `admin`. */
export async function seed(db: DataSource, size: SeedSize, adminPassword: string): Promise<{ draftId: number; perYear: Map<number, number> }> {
  const perYear = new Map<number, number>();
  await db.transaction((m) => fill(m, size, adminPassword, perYear));
  await settle(db);
  return { draftId: 1, perYear };
}

/**
 * The planner's statistics, and on PostgreSQL the tables vacuumed too, as a database that has
 * lived is left by autovacuum: otherwise the first scenarios read rows just written (setting
 * their hint bits, without the visibility map that index-only scans need) while autovacuum's
 * first pass over them competes for the machine, and a figure depends on when it ran.
 */
async function settle(db: DataSource): Promise<void> {
  await db.query(db.options.type === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE');
}

async function fill(db: EntityManager, size: SeedSize, adminPassword: string, perYear: Map<number, number>): Promise<void> {
  const r = rng(20261124);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)];
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19);

  // Units: 1 province, 50 districts, the rest communes and offices under them.
  const units: unknown[][] = [[1, 'P0', 'Tỉnh Mẫu', 'province', null, fold('P0 Tỉnh Mẫu'), now, now]];
  for (let d = 0; d < 50; d++) units.push([2 + d, `D${d}`, `Huyện Mẫu ${d + 1}`, 'district', 1, fold(`D${d} Huyện Mẫu ${d + 1}`), now, now]);
  for (let id = units.length + 1; id <= size.units; id++) {
    const name = `${pick(['UBND xã', 'UBND phường', 'UBND thị trấn', 'Phòng'])} ${pick(GIVEN)} ${pick(['Đông', 'Tây', 'Nam', 'Bắc', 'Thượng', 'Hạ'])} ${id}`;
    units.push([id, `U${id}`, name, pick(['commune', 'ward', 'department']), 2 + Math.floor(r() * 50), fold(`U${id} ${name}`), now, now]);
  }
  await insertRows(db, 'units', ['id', 'code', 'name', 'kind', 'parentId', 'searchText', 'createdAt', 'updatedAt'], units);

  await insertRows(
    db,
    'users',
    ['id', 'username', 'fullName', 'position', 'unitId', 'roles', 'active', 'passwordHash', 'mustChangePassword', 'searchText', 'createdAt', 'updatedAt'],
    [[1, 'admin', 'Quản trị', '', 1, 'district_admin,author', 1, await hashPassword(adminPassword), 0, 'admin quan tri', now, now]],
  );
  await insertRows(db, 'rounds', ['id', 'year', 'name', 'status', 'createdAt', 'updatedAt'], [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y, i) => [i + 1, y, `Đợt xét sáng kiến năm ${y}`, 'closed', now, now]));

  const initiatives: unknown[][] = [];
  const authors: unknown[][] = [];
  const fts: unknown[][] = [];
  for (let id = 1; id <= size.initiatives; id++) {
    const title = `${pick(ACTIONS)} ${pick(OBJECTS)} tại ${pick(PLACES)} ${pick(GIVEN)}`;
    const body = Array.from({ length: 6 }, () => pick(SENTENCES));
    const year = 2019 + Math.floor(r() * 7);
    perYear.set(year, (perYear.get(year) ?? 0) + 1);
    const status = id === 1 ? 'draft' : pick(STATUSES);
    const unitId = 52 + Math.floor(r() * (size.units - 52));
    const author = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
    const code = status === 'draft' ? null : `SK-${year}-${String(id).padStart(6, '0')}`;
    const fieldId = 1 + Math.floor(r() * 6);
    initiatives.push([
      id, code, title, fold(title), unitId, fieldId, status === 'draft' ? null : year - 2018, status,
      status === 'recognized' ? pick(['unit', 'district', 'province']) : null, year, body[0], body[1], body[2], body[3], body[4], body[5],
      `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, 1, now, now,
    ]);
    authors.push([id, 0, author, 'UBND xã', 'Công chức', 100, null]);
    fts.push([id, searchWords([code, title, ...body, author].join('\n')).join(' '), status === 'recognized', year, fieldId]);
    if (initiatives.length === 5000 || id === size.initiatives) {
      await insertRows(
        db,
        'initiatives',
        ['id', 'code', 'title', 'titleSort', 'unitId', 'fieldId', 'roundId', 'status', 'level', 'year', 'problem', 'solution', 'novelty', 'conditions', 'applicability', 'effects', 'firstAppliedDate', 'createdById', 'createdAt', 'updatedAt'],
        initiatives.splice(0),
      );
      await insertRows(db, 'initiative_authors', ['initiativeId', 'position', 'fullName', 'workplace', 'jobTitle', 'share', 'userId'], authors.splice(0));
      // The search index, and that of the public catalogue (see InitiativeSearch).
      const entries = fts.splice(0);
      if (isPostgres(db)) await insertRows(db, 'initiatives_search', ['id', 'content', 'public', 'year', 'fieldId'], entries);
      else {
        await insertRows(db, 'initiatives_fts', ['rowid', 'content'], entries.map((e) => e.slice(0, 2)));
        await insertRows(db, 'initiatives_fts_public', ['rowid', 'content'], entries.filter((e) => e[2]).map((e) => e.slice(0, 2)));
      }
    }
  }

  const attachments: unknown[][] = [];
  for (let id = 1; id <= size.attachments; id++) {
    attachments.push(['initiative', 1 + Math.floor(r() * size.initiatives), `Tài liệu ${id}.pdf`, `bench${id}.pdf`, 'application/pdf', 100_000 + id, 'x'.repeat(64), r() < 0.5 ? 'public' : 'internal', 1]);
    if (attachments.length === 10_000) await insertRows(db, 'attachments', ['ownerType', 'ownerId', 'originalName', 'storedName', 'mediaType', 'size', 'sha256', 'visibility', 'uploadedById'], attachments.splice(0));
  }
  if (attachments.length) await insertRows(db, 'attachments', ['ownerType', 'ownerId', 'originalName', 'storedName', 'mediaType', 'size', 'sha256', 'visibility', 'uploadedById'], attachments);
  await resetSequences(db, ['units', 'users', 'rounds', 'initiatives']);
}

/**
 * A replication programme: `initiatives` × `units` records (the first recognised
 * initiatives and communes, wards and departments by id), each with one report but those
 * not started. Returns its id.
 */
export async function seedProgramme(source: DataSource, size: { initiatives: number; units: number }): Promise<number> {
  const id = await source.transaction((m) => fillProgramme(m, size));
  await settle(source);
  return id;
}

async function fillProgramme(db: EntityManager, size: { initiatives: number; units: number }): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const p = (n: number) => (isPostgres(db) ? `$${n}` : '?');
  const next = async (table: string) => Number((await db.query(`SELECT COALESCE(MAX(id), 0) AS id FROM "${table}"`))[0].id) + 1;
  const programmeId = await next('programmes');
  // The first programme's data as before (seed 2023): runs stay comparable.
  const r = rng(2022 + programmeId);
  const initiatives = (await db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY id LIMIT ${Number(size.initiatives)}`)).map((x: { id: number }) => x.id);
  const units = (await db.query(`SELECT id FROM units WHERE kind IN ('commune', 'ward', 'department') ORDER BY id LIMIT ${Number(size.units)}`)).map((x: { id: number }) => x.id);
  await db.query(
    `INSERT INTO programmes (id, year, title, "issuingUnitId", "decisionNumber", "decisionDate", "reportDeadline", "createdById", "createdAt", "updatedAt") VALUES (${programmeId}, 2024, 'Kế hoạch nhân rộng năm 2024 (${initiatives.length} × ${units.length})', 1, '${programmeId}/QĐ-UBND', '2024-02-01', '2024-11-30', 1, ${p(1)}, ${p(2)})`,
    [now, now],
  );
  await insertRows(db, 'programme_initiatives', ['programmeId', 'initiativeId'], initiatives.map((id: number) => [programmeId, id]));
  await insertRows(db, 'programme_units', ['programmeId', 'unitId'], units.map((id: number) => [programmeId, id]));
  const statuses = ['adopted', 'adopted', 'in_progress', 'planned', 'not_adopted', 'not_started'];
  const reasons = ['unsuitable_functions', 'no_budget', 'no_equipment', 'no_staff_skills', 'no_policy', 'already_equivalent'];
  const adoptions: unknown[][] = [];
  const reports: unknown[][] = [];
  let id = (await next('adoptions')) - 1;
  for (const initiativeId of initiatives) {
    for (const unitId of units) {
      id++;
      const status = statuses[Math.floor(r() * statuses.length)];
      const date = status === 'adopted' ? `2024-${String(3 + Math.floor(r() * 8)).padStart(2, '0')}-1${Math.floor(r() * 9)}` : null;
      const reason = status === 'not_adopted' ? reasons[Math.floor(r() * reasons.length)] : null;
      // A record not started has had no report (version 0), as the application keeps it.
      const reported = status !== 'not_started';
      adoptions.push([id, programmeId, initiativeId, unitId, status, date, reason, reported ? 1 : 0, reported ? 1 : null, now, now]);
      if (reported) reports.push([id, 1, status, date, reason, 1, 'Quản trị (admin)', now]);
    }
  }
  await insertRows(db, 'adoptions', ['id', 'programmeId', 'initiativeId', 'unitId', 'status', 'adoptedDate', 'reason', 'version', 'reportedById', 'createdAt', 'updatedAt'], adoptions);
  await insertRows(db, 'adoption_reports', ['adoptionId', 'version', 'status', 'adoptedDate', 'reason', 'reportedById', 'reportedByName', 'createdAt'], reports);
  await resetSequences(db, ['programmes', 'adoptions', 'adoption_reports']);
  return programmeId;
}
