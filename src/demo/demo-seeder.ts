import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { rawQuery } from '../database/raw-query';
import { InitiativeSearch } from '../database/search/initiative-search';
import { searchTextOf } from '../initiatives/initiative-snapshot';
import { Field } from '../fields/field.entity';
import { InitiativeAuthor } from '../initiatives/initiative-author.entity';
import { InitiativeIndicator } from '../initiatives/initiative-indicator.entity';
import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { InitiativeTransition } from '../initiatives/initiative-transition.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { CouncilMember, CouncilRole } from '../rounds/council-member.entity';
import { Criterion, DEFAULT_CRITERIA } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { Decision } from '../decisions/decision.entity';
import { MemberVote } from '../decisions/member-vote.entity';
import { Assignment } from '../reviews/assignment.entity';
import { Review, ReviewScore } from '../reviews/review.entity';
import { AdoptionStatus, NotAdoptedReason } from '../replication/adoption-rules';
import { Adoption, AdoptionReport, Programme, ProgrammeInitiative, ProgrammeUnit } from '../replication/programme.entity';
import { hashPassword } from '../auth/passwords';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context';
import { fold } from '../common/text';
import { UnitOfWork } from '../database/unit-of-work';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from './demo-data';
import { DEMO_2022_SCORES, DEMO_2023_REPORTS, DEMO_INITIATIVES, DEMO_UNDER_REVIEW, minimalPdf } from './demo-initiatives';

/**
 * Fills an empty demo database with huyện Vĩnh Linh, its units and demo users. Runs
 * before the first-admin check, so `admin` gets the demo password.
 */
@Injectable()
export class DemoSeeder implements OnModuleInit {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly search: InitiativeSearch,
    private readonly attachments: AttachmentsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<boolean> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const seeded = await this.uow.run(async (m) => {
      if ((await m.count(User)) > 0 || (await m.count(Unit)) > 0) return false;
      const ids = new Map<string, number>();
      this.pendingFiles = [];
      for (const u of DEMO_UNITS) {
        const unit = await m.save(Unit.create({ code: u.code, name: u.name, kind: u.kind, parentId: u.parent ? ids.get(u.parent) : null }));
        ids.set(u.code, unit.id);
      }
      for (const u of DEMO_USERS) {
        await m.save(
          new User({
            username: u.username,
            fullName: u.fullName,
            position: u.position,
            unitId: ids.get(u.unit) as number,
            roles: u.roles,
            active: true,
            passwordHash,
            mustChangePassword: false,
            searchText: fold(`${u.username} ${u.fullName} ${u.position}`),
          }),
        );
      }
      await this.seedInitiatives(m, ids);
      // Counted from what was loaded (the recognised ones, the drafts and the one under review).
      const initiatives = await m.count(Initiative);
      await this.audit.record(m, RequestContext.system(), {
        action: 'demo.seed',
        entityType: 'unit',
        summary: `Dữ liệu mẫu: ${DEMO_UNITS.length} đơn vị huyện Vĩnh Linh, ${DEMO_USERS.length} người dùng, ${initiatives} sáng kiến`,
      });
      // The files before their rows commit: a row never names a file that is not there.
      await this.attachments.placeGenerated(this.pendingFiles);
      return true;
    });
    if (seeded) {
      this.logger.log(`Dữ liệu mẫu đã sẵn sàng. Đăng nhập: admin / ${DEMO_PASSWORD}`);
    }
    return seeded;
  }

  private pendingFiles: { storedName: string; content: Buffer }[] = [];

  /** The 2022 round with the five recognised Vĩnh Linh initiatives, plus a draft and submitted ones. */
  private async seedInitiatives(m: EntityManager, unitIds: Map<string, number>): Promise<void> {
    const users = new Map((await m.find(User)).map((u) => [u.username, u]));
    const fields = new Map((await m.find(Field)).map((f) => [f.name, f.id]));
    const round = await m.save(
      new Round({ year: 2022, name: 'Đợt xét sáng kiến cải cách hành chính năm 2022', organisingUnitId: unitIds.get('VL') ?? null, submissionStart: '2022-06-01', submissionEnd: '2022-09-30', status: 'closed', threshold: 70, conflictSameUnit: false, createdAt: new Date('2022-05-20T08:00:00+07:00') }),
    );
    for (const c of DEFAULT_CRITERIA) await m.save(new Criterion({ ...c, roundId: round.id }));
    const seats: [string, CouncilRole][] = [['hoidong1', 'chair'], ['hoidong2', 'deputy_chair'], ['hoidong3', 'member'], ['thuky', 'secretary']];
    for (const [username, role] of seats) await m.save(new CouncilMember({ roundId: round.id, userId: (users.get(username) as User).id, role }));
    const counters = new Map<string, number>();
    for (const d of DEMO_INITIATIVES) {
      const creator = users.get(d.createdBy) as User;
      const actor = { id: creator.id, name: `${creator.fullName} (${creator.username})`, ip: '' };
      const initiative = await m.save(
        new Initiative({
          code: d.code,
          title: d.title,
          titleSort: fold(d.title),
          unitId: unitIds.get(d.unit) as number,
          fieldId: fields.get(d.field) as number,
          roundId: d.round ? round.id : null,
          status: d.status as InitiativeStatus,
          level: d.status === 'recognized' ? RecognitionLevel.District : null,
          year: d.year,
          problem: d.problem,
          solution: d.solution,
          novelty: d.novelty,
          conditions: d.conditions,
          applicability: d.applicability,
          effects: d.effects,
          firstAppliedDate: d.firstAppliedDate,
          investorName: '',
          stateFunded: false,
          participants: '',
          confidentialInfo: '',
          createdById: creator.id,
          submittedAt: d.submittedAt ? new Date(`${d.submittedAt}T09:00:00+07:00`) : null,
        }),
      );
      for (const [position, a] of d.authors.entries()) {
        await m.save(new InitiativeAuthor({ initiativeId: initiative.id, position, fullName: a.fullName, birthDate: null, workplace: a.workplace, jobTitle: a.jobTitle, qualification: '', share: a.share, userId: a.username ? (users.get(a.username)?.id ?? null) : null }));
      }
      for (const [position, x] of d.indicators.entries()) await m.save(new InitiativeIndicator({ initiativeId: initiative.id, position, ...x }));
      // The timeline as it happened: drafted a week before filing, decided in December.
      const secretary = users.get('thuky') as User;
      const council = { id: secretary.id, name: `${secretary.fullName} (${secretary.username})` };
      const filed = d.submittedAt ? new Date(`${d.submittedAt}T09:00:00+07:00`) : new Date();
      const day = 24 * 60 * 60 * 1000;
      const steps: [InitiativeStatus | null, InitiativeStatus, string, Date, { id: number; name: string }][] = [
        [null, InitiativeStatus.Draft, 'Tạo bản nháp', new Date(filed.getTime() - 7 * day), actor],
      ];
      if (d.status !== 'draft') steps.push([InitiativeStatus.Draft, InitiativeStatus.Submitted, 'Nộp lần đầu', filed, actor]);
      if (d.status === 'recognized') {
        steps.push([InitiativeStatus.Submitted, InitiativeStatus.UnderReview, 'Hội đồng sáng kiến huyện tiếp nhận, đưa vào xét', new Date('2022-10-05T08:00:00+07:00'), council]);
        steps.push([InitiativeStatus.UnderReview, InitiativeStatus.Recognized, 'Công nhận sáng kiến cấp huyện năm 2022', new Date('2022-12-20T15:00:00+07:00'), council]);
      }
      for (const [from, to, note, at, who] of steps) {
        await m.save(new InitiativeTransition({ initiativeId: initiative.id, fromStatus: from, toStatus: to, actorId: who.id, actorName: who.name, note, at }));
      }
      await m.update(Initiative, { id: initiative.id }, { createdAt: steps[0][3], updatedAt: steps[steps.length - 1][3] });
      if (d.code) counters.set(d.code.slice(0, 7), Math.max(counters.get(d.code.slice(0, 7)) ?? 0, Number(d.code.slice(8))));
      if (d.publicFile) {
        const content = minimalPdf(d.publicFile.text);
        const storedName = `${randomBytes(16).toString('hex')}.pdf`;
        await m.save(
          new Attachment({
            ownerType: 'initiative',
            ownerId: initiative.id,
            originalName: d.publicFile.name,
            storedName,
            mediaType: 'application/pdf',
            size: content.length,
            sha256: createHash('sha256').update(content).digest('hex'),
            visibility: 'public',
            uploadedById: creator.id,
          }),
        );
        this.pendingFiles.push({ storedName, content });
      }
      const full = await m.findOneOrFail(Initiative, { where: { id: initiative.id }, relations: { unit: true, authors: true, indicators: true } });
      await this.search.index(m, initiative.id, searchTextOf(full));
    }
    for (const [name, value] of counters) await rawQuery(m, 'INSERT INTO "code_counters" ("name", "value") VALUES (:name, :value) ON CONFLICT ("name") DO UPDATE SET "value" = :value', { name, value });
    await this.seedCouncilWork(m, unitIds, round, users);
  }

  /**
   * The 2022 council's sheets and decisions for the five recognised initiatives, and a
   * 2026 round being scored: one sheet submitted, one in draft, one not started.
   */
  private async seedCouncilWork(m: EntityManager, unitIds: Map<string, number>, round2022: Round, users: Map<string, User>): Promise<void> {
    const seats = await m.find(CouncilMember, { where: { roundId: round2022.id } });
    const scorers = seats.filter((x) => x.role !== 'secretary');
    const criteria = await m.find(Criterion, { where: { roundId: round2022.id }, order: { position: 'ASC' } });
    const secretary = users.get('thuky') as User;
    for (const [code, sheets] of Object.entries(DEMO_2022_SCORES)) {
      const initiative = await m.findOneOrFail(Initiative, { where: { code } });
      let sum = 0;
      for (const [k, member] of scorers.entries()) {
        const a = await m.save(new Assignment({ roundId: round2022.id, initiativeId: initiative.id, memberId: member.id, conflict: false, conflictAuto: false, conflictReason: '' }));
        const r = await m.save(new Review({ assignmentId: a.id, cycle: 1, status: 'submitted', overallComment: 'Sáng kiến thiết thực, dễ nhân rộng.', submittedAt: new Date('2022-11-25T09:00:00+07:00') }));
        for (const [j, c] of criteria.entries()) await m.save(new ReviewScore({ reviewId: r.id, criterionId: c.id, points: sheets[k][j], comment: '' }));
        sum += sheets[k].reduce((x, y) => x + y, 0);
      }
      await m.save(
        new Decision({
          initiativeId: initiative.id,
          roundId: round2022.id,
          outcome: 'recognized',
          level: RecognitionLevel.District,
          votesFor: scorers.length,
          votesAgainst: 0,
          votesAbstain: 0,
          councilSize: seats.length,
          meanTotal: Math.round((sum / scorers.length) * 100) / 100,
          number: '3368/QĐ-UBND',
          date: '2022-12-20',
          reasons: '',
          place: 'Vĩnh Linh',
          signerTitle: 'CHỦ TỊCH',
          signerName: 'Hoàng Văn Minh',
          decidedById: secretary.id,
        }),
      );
      // Each member's vote, recorded by the secretary from the minutes of the meeting.
      for (const member of scorers) await m.save(new MemberVote({ initiativeId: initiative.id, memberId: member.id, cycle: 1, vote: 'for', recordedBy: 'secretary', recordedById: secretary.id }));
    }

    const round2026 = await m.save(
      new Round({ year: 2026, name: 'Đợt xét sáng kiến cải cách hành chính năm 2026', organisingUnitId: unitIds.get('VL') ?? null, submissionStart: '2026-03-01', submissionEnd: '2026-07-31', status: 'evaluating', threshold: 70, conflictSameUnit: false, createdAt: new Date('2026-02-16T08:00:00+07:00') }),
    );
    for (const c of DEFAULT_CRITERIA) await m.save(new Criterion({ ...c, roundId: round2026.id }));
    const seats2026: CouncilMember[] = [];
    for (const [username, role] of [['hoidong1', 'chair'], ['hoidong2', 'deputy_chair'], ['hoidong3', 'member'], ['thuky', 'secretary']] as [string, CouncilRole][]) {
      seats2026.push(await m.save(new CouncilMember({ roundId: round2026.id, userId: (users.get(username) as User).id, role })));
    }
    const d = DEMO_UNDER_REVIEW;
    const creator = users.get(d.createdBy) as User;
    const initiative = await m.save(
      new Initiative({
        code: d.code, title: d.title, titleSort: fold(d.title), unitId: unitIds.get(d.unit) as number, fieldId: (await m.findOneOrFail(Field, { where: { name: d.field } })).id,
        roundId: round2026.id, status: InitiativeStatus.UnderReview, level: null, year: d.year, problem: d.problem, solution: d.solution, novelty: d.novelty, conditions: d.conditions,
        applicability: d.applicability, effects: d.effects, firstAppliedDate: d.firstAppliedDate, investorName: '', stateFunded: true, participants: '', confidentialInfo: '',
        createdById: creator.id, submittedAt: new Date(`${d.submittedAt}T09:00:00+07:00`),
      }),
    );
    await m.save(new InitiativeAuthor({ initiativeId: initiative.id, position: 0, ...d.authors[0], birthDate: null, qualification: '', userId: null }));
    await m.save(new InitiativeIndicator({ initiativeId: initiative.id, position: 0, ...d.indicators[0] }));
    const actor = { id: creator.id, name: `${creator.fullName} (${creator.username})` };
    const council = { id: secretary.id, name: `${secretary.fullName} (${secretary.username})` };
    for (const [from, to, note, at, who] of [
      [null, InitiativeStatus.Draft, 'Tạo bản nháp', '2026-07-10T09:00:00+07:00', actor],
      [InitiativeStatus.Draft, InitiativeStatus.Submitted, 'Nộp lần đầu', '2026-07-15T09:00:00+07:00', actor],
      [InitiativeStatus.Submitted, InitiativeStatus.UnderReview, 'Hội đồng đưa vào xét', '2026-08-05T09:00:00+07:00', council],
    ] as [InitiativeStatus | null, InitiativeStatus, string, string, { id: number; name: string }][]) {
      await m.save(new InitiativeTransition({ initiativeId: initiative.id, fromStatus: from, toStatus: to, actorId: who.id, actorName: who.name, note, at: new Date(at) }));
    }
    await rawQuery(m, 'UPDATE "code_counters" SET "value" = 3 WHERE "name" = :name', { name: 'SK-2026' });
    const criteria2026 = await m.find(Criterion, { where: { roundId: round2026.id }, order: { position: 'ASC' } });
    for (const [k, seat] of seats2026.filter((x) => x.role !== 'secretary').entries()) {
      const a = await m.save(new Assignment({ roundId: round2026.id, initiativeId: initiative.id, memberId: seat.id, conflict: false, conflictAuto: false, conflictReason: '' }));
      if (k === 2) continue;
      const r = await m.save(new Review({ assignmentId: a.id, cycle: 1, status: k === 0 ? 'submitted' : 'draft', overallComment: k === 0 ? 'Nên nhân rộng ở các xã có đông người cao tuổi.' : '', submittedAt: k === 0 ? new Date('2026-09-02T10:00:00+07:00') : null }));
      const pts = k === 0 ? [26, 18, 18, 27] : [24, null, null, null];
      for (const [j, c] of criteria2026.entries()) await m.save(new ReviewScore({ reviewId: r.id, criterionId: c.id, points: pts[j], comment: '' }));
    }
    const full = await m.findOneOrFail(Initiative, { where: { id: initiative.id }, relations: { unit: true, authors: true, indicators: true } });
    await this.search.index(m, initiative.id, searchTextOf(full));
    await this.seedProgramme(m, unitIds, users);
  }

  /** The 2023 programme for the five initiatives across all units, as the units reported. */
  private async seedProgramme(m: EntityManager, unitIds: Map<string, number>, users: Map<string, User>): Promise<void> {
    const admin = users.get('admin') as User;
    const programme = await m.save(
      new Programme({
        year: 2023,
        title: 'Kế hoạch nhân rộng sáng kiến cải cách hành chính năm 2023',
        issuingUnitId: unitIds.get('VL') as number,
        decisionNumber: '125/QĐ-UBND',
        decisionDate: '2023-02-15',
        reportDeadline: '2023-11-30',
        createdById: admin.id,
      }),
    );
    const targets = DEMO_UNITS.filter((u) => u.parent === 'VL').map((u) => u.code);
    const focal = new Map([['VL-VH', users.get('daumoi.vinhhoa')], ['VL-VT', users.get('daumoi.vinhthai')]]);
    for (const code of targets) await m.save(new ProgrammeUnit({ programmeId: programme.id, unitId: unitIds.get(code) as number, removedAt: null }));
    for (const [initiativeCode, reports] of Object.entries(DEMO_2023_REPORTS)) {
      const initiative = await m.findOneOrFail(Initiative, { where: { code: initiativeCode } });
      await m.save(new ProgrammeInitiative({ programmeId: programme.id, initiativeId: initiative.id }));
      for (const code of targets) {
        const report = reports[code];
        const unitId = unitIds.get(code) as number;
        if (!report) {
          await m.save(new Adoption({ programmeId: programme.id, initiativeId: initiative.id, unitId, status: AdoptionStatus.NotStarted }));
          continue;
        }
        const [status, second, explanation] = report;
        const reporter = focal.get(code) ?? admin;
        const onBehalf = !focal.has(code);
        const fields = {
          status: status as AdoptionStatus,
          adoptedDate: status === 'adopted' ? (second ?? null) : null,
          reason: status === 'not_adopted' ? ((second ?? null) as NotAdoptedReason | null) : null,
          explanation: explanation ?? '',
          adaptation: '',
        };
        const at = new Date(status === 'adopted' && second && second > '2023-02-15' ? `${second}T10:00:00+07:00` : '2023-11-25T10:00:00+07:00');
        const adoption = await m.save(new Adoption({ programmeId: programme.id, initiativeId: initiative.id, unitId, ...fields, version: 1, reportedAt: at, reportedById: reporter.id, onBehalf }));
        await m.save(new AdoptionReport({ adoptionId: adoption.id, version: 1, ...fields, indicators: null, reportedById: reporter.id, reportedByName: `${reporter.fullName} (${reporter.username})`, onBehalf, createdAt: at }));
      }
    }
  }
}
