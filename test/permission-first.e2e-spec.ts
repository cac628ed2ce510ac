import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, signIn, TestApp, tokenFrom, unitId, userId } from './helpers/test-app';

/** Every POST route of the application, as Express knows it. */
function postRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack.filter((l) => l.route?.methods.post).map((l) => l.route!.path);
}

/** Fields that fail validation on every form (unknown values, empty required fields). */
const INVALID = { status: 'x', title: '', name: '', note: 'x'.repeat(5000), attachmentVisibility: 'x', reason: 'x', conflictReason: '', body: '', intent: 'x' };

interface Target {
  /** Who posts: a user with no right to this target. */
  as: string;
  /** The path with its ids filled in. */
  path: string;
  /** Text of the target that must not appear in the answer. */
  secrets: string[];
}

describe('permission before validation on every POST route', () => {
  let t: TestApp;
  const agents = new Map<string, { agent: TestAgent; token: string }>();
  const targets = new Map<string, Target>();

  async function as(username: string) {
    if (!agents.has(username)) {
      const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
      agents.set(username, { agent, token: await tokenFrom(agent, '/') });
    }
    return agents.get(username)!;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const vinhLinh = await unitId(t.db, 'QT-VLINH');
    const one = async (sql: string, params: unknown[] = []) => ((await t.db.query(sql, params)) as Record<string, unknown>[])[0];
    // An initiative of xã Vĩnh Linh, submitted (not public), that an author of xã Vĩnh Hoàng may not touch.
    const initiative = await one(`SELECT id, title FROM initiatives WHERE "unitId" = ? AND status = 'submitted'`, [vinhLinh]);
    const attachment = await one(`SELECT id FROM attachments LIMIT 1`);
    // A report of thị trấn Hồ Xá, whose records xã Vĩnh Linh keeps, that the focal point of xã Vĩnh Hoàng may not change.
    const adoption = await one(`SELECT a.id, i.title FROM adoptions a JOIN initiatives i ON i.id = a."initiativeId" WHERE a."unitId" = ? AND a.version > 0`, [await unitId(t.db, 'VL-HX')]);
    const report = await one(`SELECT explanation, "reportedByName" FROM adoption_reports WHERE "adoptionId" = ? ORDER BY version DESC`, [adoption.id]);
    // A sheet of hoidong1, which hoidong2 may not fill in.
    const sheet = await one(`SELECT a.id, i.title FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN initiatives i ON i.id = a."initiativeId" WHERE m."userId" = ?`, [await userId(t.db, 'hoidong1')]);
    const adminId = await userId(t.db, 'admin');
    const roundId = (await one(`SELECT id FROM rounds LIMIT 1`)).id;
    const programmeId = (await one(`SELECT id FROM programmes LIMIT 1`)).id;
    const fieldId = (await one(`SELECT id FROM fields LIMIT 1`)).id;
    const basisId = (await one(`SELECT id FROM legal_bases WHERE number = '13/2012/NĐ-CP'`)).id;
    const memberId = (await one(`SELECT id FROM council_members LIMIT 1`)).id;
    // An item of a round of effect and scope (the initiative above), managed by the province.
    await t.db.query(`INSERT INTO rounds (year, name, status, kind, "organisingUnitId") VALUES (2026, 'Đợt xét hiệu quả áp dụng', 'evaluating', 'effect', ?)`, [await unitId(t.db, 'QT')]);
    const effectRoundId = (await one(`SELECT id FROM rounds WHERE kind = 'effect'`)).id;
    await t.db.query(`INSERT INTO effect_items ("roundId", "initiativeId") VALUES (?, ?)`, [effectRoundId, initiative.id]);
    const effectItemId = (await one(`SELECT id FROM effect_items`)).id;
    // A personal access token of the administrator, which nobody else may revoke.
    await t.db.query(`INSERT INTO api_tokens ("userId", name, "tokenHash", prefix) VALUES (?, 'Bảng theo dõi của tỉnh', ?, 'sk_abcdefg')`, [await userId(t.db, 'admin'), 'a'.repeat(64)]);
    const tokenId = (await one(`SELECT id FROM api_tokens`)).id;
    const ids: Record<string, unknown> = { attachmentId: attachment.id, memberId, initiativeId: initiative.id };

    const secretsOfInitiative = [String(initiative.title)];
    const table: Record<string, Omit<Target, 'path'> & { id: unknown }> = {
      // Routes on one record, refused by scope, authorship or assignment.
      '/initiatives/:id/edit': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/attachments': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/attachments/:attachmentId/visibility': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/submit': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/withdraw': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/delete': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/notes': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/adoptions/:id': { as: 'daumoi.vinhhoa', id: adoption.id, secrets: [String(adoption.title), String(report.reportedByName), String(report.explanation)].filter((s) => s.length > 3) },
      '/units/:id/adoptions/import': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/reviews/:id': { as: 'hoidong2', id: sheet.id, secrets: [String(sheet.title)] },
      '/reviews/:id/conflict': { as: 'hoidong2', id: sheet.id, secrets: [String(sheet.title)] },
      // Routes of a role the user does not hold.
      '/initiatives/new': { as: 'hoidong1', id: null, secrets: [] },
      '/initiatives/paper/new': { as: 'tacgia', id: null, secrets: [] },
      '/initiatives/:id/round': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/decision': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/return': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/duplicate': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/duplicate/undo': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      '/initiatives/:id/votes': { as: 'tacgia', id: initiative.id, secrets: secretsOfInitiative },
      // A ballot of a round whose council the user does not sit on.
      '/rounds/:id/votes/:initiativeId': { as: 'tacgia', id: roundId, secrets: secretsOfInitiative },
      '/reviews/:id/reopen': { as: 'tacgia', id: sheet.id, secrets: [String(sheet.title)] },
      '/rounds/new': { as: 'tacgia', id: null, secrets: [] },
      '/rounds/:id/edit': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/advance': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/criteria': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/criteria/copy': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/council': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/council/:memberId/remove': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/assignments': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/assignments/all': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/remind-members': { as: 'hoidong1', id: roundId, secrets: [] },
      '/rounds/:id/meeting': { as: 'tacgia', id: roundId, secrets: [] },
      '/rounds/:id/effect-items': { as: 'hoidong1', id: effectRoundId, secrets: [] },
      '/effect-items/:id/sheet': { as: 'tacgia', id: effectItemId, secrets: secretsOfInitiative },
      '/effect-items/:id/votes': { as: 'hoidong1', id: effectItemId, secrets: secretsOfInitiative },
      '/effect-items/:id/ballot': { as: 'tacgia', id: effectItemId, secrets: secretsOfInitiative },
      '/effect-items/:id/conflict': { as: 'tacgia', id: effectItemId, secrets: secretsOfInitiative },
      '/account/tokens/:id/revoke': { as: 'tacgia', id: tokenId, secrets: ['Bảng theo dõi của tỉnh', 'sk_abcdefg'] },
      '/effect-items/:id/decision': { as: 'hoidong1', id: effectItemId, secrets: secretsOfInitiative },
      '/effect-items/:id/remove': { as: 'hoidong1', id: effectItemId, secrets: secretsOfInitiative },
      '/programmes/new': { as: 'thuky', id: null, secrets: [] },
      '/programmes/:id/edit': { as: 'thuky', id: programmeId, secrets: [] },
      '/programmes/:id/remind': { as: 'thuky', id: programmeId, secrets: [] },
      '/programmes/:id/import': { as: 'thuky', id: programmeId, secrets: [] },
      '/units/new': { as: 'daumoi.vinhhoa', id: null, secrets: [] },
      '/open-data/build': { as: 'thuky', id: null, secrets: [] },
      '/units/import': { as: 'daumoi.vinhhoa', id: null, secrets: [] },
      '/units/merge': { as: 'daumoi.vinhhoa', id: null, secrets: [] },
      '/units/:id/edit': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/units/:id/rename': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/units/:id/split': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/units/:id/end': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/units/:id/authority': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh', 'UBND XÃ VĨNH LINH'] },
      '/units/:id/delete': { as: 'daumoi.vinhhoa', id: vinhLinh, secrets: ['UBND xã Vĩnh Linh'] },
      '/users/new': { as: 'thuky', id: null, secrets: [] },
      '/users/import': { as: 'thuky', id: null, secrets: [] },
      '/users/:id/edit': { as: 'thuky', id: adminId, secrets: ['Hoàng Minh Tuấn'] },
      '/users/:id/deactivate': { as: 'thuky', id: adminId, secrets: ['Hoàng Minh Tuấn'] },
      '/users/:id/activate': { as: 'thuky', id: adminId, secrets: ['Hoàng Minh Tuấn'] },
      '/users/:id/reset-password': { as: 'thuky', id: adminId, secrets: ['Hoàng Minh Tuấn'] },
      '/fields': { as: 'thuky', id: null, secrets: [] },
      '/reminders': { as: 'thuky', id: null, secrets: [] },
      '/fields/:id': { as: 'thuky', id: fieldId, secrets: [] },
      '/legal-bases/new': { as: 'thuky', id: null, secrets: [] },
      '/legal-bases/:id/edit': { as: 'thuky', id: basisId, secrets: ['Điều lệ Sáng kiến'] },
    };
    for (const [route, target] of Object.entries(table)) {
      const path = route.replace(':id', String(target.id)).replace(/:(\w+)/g, (_, name: string) => String(ids[name]));
      targets.set(route, { as: target.as, path, secrets: target.secrets });
    }
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('knows a refused target for every POST route but sign-in, sign-out and one\'s own settings (password, tokens, notices)', () => {
    const open = ['/login', '/logout', '/account/password', '/account/tokens', '/notifications/read-all', '/notifications/email'];
    const missing = postRoutes(t).filter((r) => !open.includes(r) && !targets.has(r));
    expect(missing).toEqual([]);
  });

  it('answers 403 without any content of the target to an invalid form from a user without rights to it', async () => {
    const answers: string[] = [];
    const leaks: string[] = [];
    for (const [route, target] of targets) {
      const { agent, token } = await as(target.as);
      const form = await agent.post(target.path).type('form').send({ _csrf: token, ...INVALID });
      let multipart = agent.post(target.path).field('_csrf', token);
      for (const [k, v] of Object.entries(INVALID)) multipart = multipart.field(k, v);
      const upload = await multipart.attach('attachments', Buffer.from('%PDF-1.4 test'), 'bang-chung.pdf');
      for (const [kind, res] of [['form', form], ['multipart', upload]] as const) {
        answers.push(`${route} ${kind} ${res.status}`);
        for (const secret of [...target.secrets, 'Dữ liệu nhập chưa hợp lệ']) if (res.text.includes(secret)) leaks.push(`${route} ${kind}: ${secret}`);
      }
    }
    expect(answers.length).toBe(targets.size * 2);
    expect(answers.filter((a) => !a.endsWith(' 403'))).toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('leaves no received file behind when a request is refused', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(readdirSync(join(t.dir, 'uploads', 'tmp'))).toEqual([]);
  });
});
