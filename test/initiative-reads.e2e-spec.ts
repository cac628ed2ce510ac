import { In, IsNull } from 'typeorm';
import { Attachment } from '../src/attachments/attachment.entity';
import { AttachmentsRepository } from '../src/attachments/attachments.repository';
import { EffectItem } from '../src/effect/effect-item.entity';
import { EffectRepository } from '../src/effect/effect.repository';
import { InitiativeRevision } from '../src/initiatives/initiative-revision.entity';
import { InitiativeTransition } from '../src/initiatives/initiative-transition.entity';
import { Round } from '../src/rounds/round.entity';
import { findByKey } from '../src/database/find-by-key';
import { Decision } from '../src/decisions/decision.entity';
import { DecisionsRepository } from '../src/decisions/decisions.repository';
import { DuplicateMark } from '../src/decisions/duplicate-mark.entity';
import { UnitOfWork } from '../src/database/unit-of-work';
import { Adoption } from '../src/replication/programme.entity';
import { ReplicationRepository } from '../src/replication/replication.repository';
import { Initiative } from '../src/initiatives/initiative.entity';
import { InitiativesRepository } from '../src/initiatives/initiatives.repository';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from './helpers/test-app';

/**
 * An initiative as its pages read it: its authors and indicators beside it rather than
 * joined to it (a join repeats the initiative for every author × indicator pair), the same
 * entity as the one statement joining them all gave.
 */
describe('an initiative read for its pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('reads every initiative of the demo as the joined statement did: relations, accounts, authors and indicators in their order', async () => {
    const repo = t.app.get(InitiativesRepository);
    // An initiative with several authors gets three indicators, kept out of their order.
    const [several] = (await t.db.query('SELECT "initiativeId" AS "id" FROM "initiative_authors" GROUP BY "initiativeId" HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1')) as { id: number }[];
    expect(several).toBeDefined();
    for (const [position, name] of [[2, 'Số lần đi lại'], [0, 'Thời gian giải quyết'], [1, 'Hồ sơ trực tuyến']] as const) {
      await t.db.query('INSERT INTO "initiative_indicators" ("initiativeId", "position", "name", "unitOfMeasure", "before", "after") VALUES (?, ?, ?, ?, ?, ?)', [several.id, position, name, 'lần', 3.5, 1]);
    }
    const ids = (await t.db.getRepository(Initiative).find({ select: { id: true } })).map((r) => r.id);
    let authorsAndIndicators = 0;
    for (const id of ids) {
      const joined = await findByKey(t.db.getRepository(Initiative), { id }, { unit: true, field: true, round: { organisingUnit: true }, authors: { user: true }, indicators: true, createdBy: true });
      joined?.authors?.sort((a, b) => a.position - b.position || a.id - b.id);
      joined?.indicators?.sort((a, b) => a.position - b.position || a.id - b.id);
      const read = await repo.load(id);
      // The same classes too (an entity, not a plain object: a later save or update knows its table).
      expect(read).toStrictEqual(joined);
      if ((read.authors?.length ?? 0) > 1 && (read.indicators?.length ?? 0) > 1) authorsAndIndicators++;
    }
    // Several authors and several indicators: the pairs a join repeats.
    expect(authorsAndIndicators).toBeGreaterThan(0);
    expect((await repo.load(Number(several.id))).indicators?.map((x) => x.name)).toEqual(['Thời gian giải quyết', 'Hồ sơ trực tuyến', 'Số lần đi lại']);
    // Inside a transaction (a form's save reads it so), through the transaction's connection.
    expect(await t.app.get(UnitOfWork).run(() => repo.load(Number(several.id)))).toStrictEqual(await repo.load(Number(several.id)));
    expect(ids.length).toBeGreaterThanOrEqual(10);
  });

  it("reads what the initiative's page shows beside it (history, files, decisions, initiatives marked as its duplicates, replication records, effect items) as TypeORM's find did", async () => {
    const decisions = t.app.get(DecisionsRepository);
    const replication = t.app.get(ReplicationRepository);
    const ids = (await t.db.getRepository(Initiative).find({ select: { id: true }, order: { id: 'ASC' } })).map((r) => r.id);
    // Two initiatives marked as repeating the first (the demo has none), and a record removed from its programme.
    const [original, first, second] = ids;
    for (const [id, reason] of [[second, 'Trùng nội dung'], [first, 'Trùng giải pháp']] as const) {
      await t.db.query('INSERT INTO "duplicate_marks" ("initiativeId", "originalId", "reason", "markedById", "markedByName", "createdAt", "updatedAt") VALUES (?, ?, ?, NULL, ?, ?, ?)', [id, original, reason, 'Thư ký', '2026-03-01 08:00:00', '2026-03-01 08:00:00']);
    }
    const [removed] = (await t.db.query('SELECT "id", "initiativeId" FROM "adoptions" ORDER BY "id" LIMIT 1')) as { id: number; initiativeId: number }[];
    await t.db.query('UPDATE "adoptions" SET "removedAt" = ? WHERE "id" = ?', ['2026-03-02 08:00:00', removed.id]);
    // Revisions of one (the demo has none; the changes are JSON), and two effect items of another in two rounds.
    await t.db.getRepository(InitiativeRevision).save([
      { initiativeId: first, number: 1, actorId: null, actorName: 'Tác giả', snapshot: { title: 'Bản đầu' }, changes: null },
      { initiativeId: first, number: 2, actorId: null, actorName: 'Tác giả', snapshot: { title: 'Bản hai' }, changes: [{ field: 'title', label: 'Tên sáng kiến', before: 'Bản đầu', after: 'Bản hai' }] },
    ]);
    const rounds = (await t.db.getRepository(Round).find({ order: { id: 'ASC' }, take: 2 })).map((r) => r.id);
    for (const roundId of rounds) {
      await t.db.getRepository(EffectItem).save(new EffectItem({ roundId, initiativeId: second, proposalReason: 'Phạm vi ảnh hưởng', scopeEvidence: '', number: '', place: '', reasons: '', signerTitle: '', signerName: '' }));
    }
    let records = 0;
    let steps = 0;
    for (const id of ids) {
      const { transitions, revisions } = await t.app.get(InitiativesRepository).history(id);
      expect(transitions).toStrictEqual(await t.db.getRepository(InitiativeTransition).find({ where: { initiativeId: id }, order: { at: 'ASC', id: 'ASC' } }));
      expect(revisions).toStrictEqual(await t.db.getRepository(InitiativeRevision).find({ where: { initiativeId: id }, order: { number: 'DESC' } }));
      steps += transitions.length;
      expect(await t.app.get(AttachmentsRepository).forOwner('initiative', id)).toStrictEqual(
        await t.db.getRepository(Attachment).find({ where: { ownerType: 'initiative', ownerId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      );
      expect(await t.app.get(EffectRepository).ofInitiatives([id, original])).toStrictEqual(
        await t.db.getRepository(EffectItem).find({ where: { initiativeId: In([id, original]) }, relations: { round: true }, order: { createdAt: 'DESC', id: 'DESC' } }),
      );
      expect(await decisions.forInitiative(id)).toStrictEqual(await t.db.getRepository(Decision).find({ where: { initiativeId: id }, order: { createdAt: 'DESC', id: 'DESC' } }));
      expect(await decisions.duplicatesOf(id)).toStrictEqual(
        await t.db.getRepository(DuplicateMark).find({ where: { originalId: id }, relations: { initiative: { unit: true } }, order: { createdAt: 'ASC', id: 'ASC' } }),
      );
      const expected = await t.db.getRepository(Adoption).find({ where: { initiativeId: id, removedAt: IsNull() }, relations: { unit: true, programme: true }, order: { programmeId: 'ASC', id: 'ASC' } });
      expect(await replication.ofInitiative(id)).toStrictEqual(expected);
      records += expected.length;
    }
    expect((await decisions.duplicatesOf(original)).map((m) => m.initiativeId)).toEqual([second, first]);
    expect((await replication.ofInitiative(removed.initiativeId)).some((r) => r.id === removed.id)).toBe(false);
    expect(records).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(0);
    expect((await t.app.get(InitiativesRepository).history(first)).revisions.map((r) => r.changes?.[0]?.after ?? null)).toEqual(['Bản hai', null]);
    expect((await t.app.get(EffectRepository).ofInitiatives([second])).map((i) => i.round?.id).sort()).toEqual([...rounds].sort());
    expect(await t.db.getRepository(Attachment).count({ where: { ownerType: 'initiative' } })).toBeGreaterThan(0);
    expect(await t.db.getRepository(Decision).count()).toBeGreaterThan(0);
  });

  it('answers a missing initiative as not found', async () => {
    await expect(t.app.get(InitiativesRepository).load(999_999)).rejects.toMatchObject({ name: 'EntityNotFound' });
  });
});
