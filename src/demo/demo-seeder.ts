import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { rawQuery } from '../database/raw-query';
import { InitiativeSearch } from '../database/search/initiative-search';
import { searchTextOf } from '../initiatives/initiative-snapshot';
import { Field } from '../fields/field.entity';
import { InitiativeAuthor } from '../initiatives/initiative-author.entity';
import { InitiativeIndicator } from '../initiatives/initiative-indicator.entity';
import { InitiativeStatus, isPublicStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { InitiativeTransition } from '../initiatives/initiative-transition.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { CouncilMember, CouncilRole } from '../rounds/council-member.entity';
import { Criterion, DEFAULT_CRITERIA } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { LegalBasis, RoundLegalBasis } from '../legal-bases/legal-basis.entity';
import { inForceIn } from '../legal-bases/legal-basis-rules';
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
import { UnitKind } from '../units/unit-kinds';
import { UnitsService } from '../units/units.service';
import { AuthoritiesService } from '../authorities/authorities.service';
import { AuthorityProfileDto } from '../authorities/dto/authority-profile.dto';
import { buildSnapshot } from '../decisions/decision-snapshot';
import { signatureLines, Signing } from '../decisions/signing';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { User } from '../users/user.entity';
import { ARRANGEMENT, DEMO_MERGERS, DEMO_OFFICE_TRANSFERS, DEMO_PASSWORD, DEMO_UNITS_2022, DEMO_UNITS_2026, DEMO_USERS, DEMO_USERS_2026, DISTRICTS_END } from './demo-data';
import { DEMO_2022_SCORES, DEMO_2023_REPORTS, DEMO_COMMUNE_UNDER_REVIEW, DEMO_INITIATIVES, DEMO_UNDER_REVIEW, DemoInitiative, minimalPdf } from './demo-initiatives';

/** What huyện Vĩnh Linh printed on its documents (its 2022 decisions keep it). */
const DISTRICT_AUTHORITY = {
  lines: ['Ủy ban nhân dân', 'Huyện Vĩnh Linh'],
  name: 'Ủy ban nhân dân huyện Vĩnh Linh',
  place: 'Vĩnh Linh',
  symbol: 'QĐ-UBND',
  headTitle: 'Chủ tịch',
  recipients: ['Chánh Văn phòng HĐND và UBND huyện', 'Trưởng phòng Nội vụ', 'Thủ trưởng các cơ quan, đơn vị có liên quan'],
};

/**
 * Fills an empty demo database with tỉnh Quảng Trị of 2026 and its history: huyện Vĩnh
 * Linh's 2022 round and 2023 programme as they happened, the arrangement of 01/07/2025
 * (communes merged, the district and its offices ended) made through the units' own
 * rules, then the province's departments and communes, a 2026 round of the province and
 * one of xã Vĩnh Hoàng, and demo users of each role at both levels. Runs before the
 * first-admin check, so `admin` gets the demo password.
 */
@Injectable()
export class DemoSeeder implements OnModuleInit {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly search: InitiativeSearch,
    private readonly attachments: AttachmentsService,
    private readonly units: UnitsService,
    private readonly authorities: AuthoritiesService,
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
      this.codeCounters.clear();
      // 2022: the district as it was, with its people in the positions of that year.
      for (const u of DEMO_UNITS_2022) {
        const unit = await m.save(Unit.create({ code: u.code, name: u.name, kind: u.kind, parentId: u.parent ? ids.get(u.parent) : null }));
        ids.set(u.code, unit.id);
      }
      for (const u of DEMO_USERS) await m.save(this.user(u, ids.get(u.unit) as number, passwordHash));
      const users = new Map((await m.find(User)).map((u) => [u.username, u]));
      const round2022 = await this.seedRound2022(ids, users);
      await this.seedProgramme(ids, users);

      // 01/07/2025: the province's arrangement, then the people where they work since.
      await this.reorganise(ids);
      for (const u of DEMO_USERS) await m.update(User, { username: u.username }, { unitId: ids.get(u.now.unit) as number, position: u.now.position, searchText: fold(`${u.username} ${u.fullName} ${u.now.position}`) });
      for (const u of DEMO_USERS_2026) await m.save(this.user(u, ids.get(u.unit) as number, passwordHash));
      const people = new Map((await m.find(User)).map((u) => [u.username, u]));

      // 2026: drafts and submissions of the new communes, a round of the province and one of a commune.
      for (const d of DEMO_INITIATIVES.filter((x) => x.year >= 2026)) await this.initiative(d, ids, people, null);
      await this.seedRounds2026(ids, people);
      await this.setCounters();
      const initiatives = await m.count(Initiative);
      await this.audit.record(m, RequestContext.system(), {
        action: 'demo.seed',
        entityType: 'unit',
        summary: `Dữ liệu mẫu: tỉnh Quảng Trị (${DEMO_UNITS_2026.length + DEMO_MERGERS.length} đơn vị hiện nay, ${DEMO_UNITS_2022.length - 1} đơn vị của huyện Vĩnh Linh trước 01/07/2025), ${DEMO_USERS.length + DEMO_USERS_2026.length} người dùng, ${initiatives} sáng kiến; đợt xét ${round2022.year} và kế hoạch nhân rộng 2023 của huyện Vĩnh Linh`,
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
  private readonly codeCounters = new Map<string, number>();

  private user(u: { username: string; fullName: string; position: string; roles: User['roles'] }, unitId: number, passwordHash: string): User {
    return new User({
      username: u.username,
      fullName: u.fullName,
      position: u.position,
      unitId,
      roles: u.roles,
      active: true,
      passwordHash,
      mustChangePassword: false,
      searchText: fold(`${u.username} ${u.fullName} ${u.position}`),
    });
  }

  /**
   * The arrangement of 01/07/2025 through the units' own rules (as an administrator would
   * enter it, recorded in the audit): the province's departments and new communes, the
   * demo's old communes merged into theirs, the district's offices and the district ended
   * with their tasks given to the province's units. Authority profiles: the district's
   * (its 2022 documents print it) and those of the province and of xã Vĩnh Hoàng.
   */
  private async reorganise(ids: Map<string, number>): Promise<void> {
    const m = this.uow.manager;
    const ctx = RequestContext.system();
    for (const u of DEMO_UNITS_2026) {
      const unit = await m.save(Unit.create({ code: u.code, name: u.name, kind: u.kind, parentId: u.parent ? ids.get(u.parent) : null, validFrom: u.since ?? null }));
      ids.set(u.code, unit.id);
    }
    for (const x of DEMO_MERGERS) {
      const merged = await this.units.merge(ctx, {
        predecessorIds: x.from.map((c) => ids.get(c) as number),
        target: 'new',
        newCode: x.code,
        newName: x.name,
        newKind: UnitKind.Commune,
        newParentId: ids.get('QT'),
        instrument: ARRANGEMENT.instrument,
        effectiveDate: ARRANGEMENT.effectiveDate,
        moveMembers: '',
      });
      ids.set(x.code, merged.id);
    }
    const end = (code: string, transferIds: number[]) => this.units.end(ctx, ids.get(code) as number, { ...DISTRICTS_END, transferIds });
    for (const [office, takers] of Object.entries(DEMO_OFFICE_TRANSFERS)) await end(office, takers.map((c) => ids.get(c) as number));
    // The province keeps the district's records (its rounds, its programme).
    await end('VL', [ids.get('QT') as number]);

    const profile = (unit: string, p: Omit<AuthorityProfileDto, 'headingLines' | 'recipients'> & { lines: string[]; recipients: string[] }) =>
      this.authorities.save(ctx, ids.get(unit) as number, { validFrom: p.validFrom, headingLines: p.lines.join('\n'), name: p.name, place: p.place, symbol: p.symbol, headTitle: p.headTitle, recipients: p.recipients.join('\n') });
    await profile('VL', { ...DISTRICT_AUTHORITY, validFrom: '2016-01-01' });
    await profile('QT', {
      validFrom: ARRANGEMENT.effectiveDate,
      lines: ['Ủy ban nhân dân', 'Tỉnh Quảng Trị'],
      name: 'Ủy ban nhân dân tỉnh Quảng Trị',
      place: 'Quảng Trị',
      symbol: 'QĐ-UBND',
      headTitle: 'Chủ tịch',
      recipients: ['Chánh Văn phòng UBND tỉnh', 'Giám đốc Sở Nội vụ', 'Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường, đặc khu có liên quan'],
    });
    await profile('QT-VHOANG', {
      validFrom: ARRANGEMENT.effectiveDate,
      lines: ['Ủy ban nhân dân', 'Xã Vĩnh Hoàng'],
      name: 'Ủy ban nhân dân xã Vĩnh Hoàng',
      place: 'Vĩnh Hoàng',
      symbol: 'QĐ-UBND',
      headTitle: 'Chủ tịch',
      recipients: ['Chánh Văn phòng HĐND và UBND xã', 'Trưởng phòng Văn hóa - Xã hội'],
    });
  }

  /** One initiative as it happened: its authors, indicators, timeline, public file and search entry. */
  private async initiative(d: DemoInitiative, unitIds: Map<string, number>, users: Map<string, User>, round: Round | null, council: { id: number; name: string } | null = null): Promise<Initiative> {
    const m = this.uow.manager;
    const fields = new Map((await m.find(Field)).map((f) => [f.name, f.id]));
    const creator = users.get(d.createdBy) as User;
    const actor = { id: creator.id, name: `${creator.fullName} (${creator.username})` };
    const initiative = await m.save(
      new Initiative({
        code: d.code,
        title: d.title,
        titleSort: fold(d.title),
        unitId: unitIds.get(d.unit) as number,
        fieldId: fields.get(d.field) as number,
        roundId: round?.id ?? null,
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
        stateFunded: d === DEMO_UNDER_REVIEW,
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
    // The timeline as it happened: drafted a week before filing; taken into the round and,
    // for 2022, decided in December.
    const filed = d.submittedAt ? new Date(`${d.submittedAt}T09:00:00+07:00`) : new Date();
    const day = 24 * 60 * 60 * 1000;
    const steps: [InitiativeStatus | null, InitiativeStatus, string, Date, { id: number; name: string }][] = [
      [null, InitiativeStatus.Draft, 'Tạo bản nháp', new Date(filed.getTime() - 7 * day), actor],
    ];
    if (d.status !== 'draft') steps.push([InitiativeStatus.Draft, InitiativeStatus.Submitted, 'Nộp lần đầu', filed, actor]);
    if (council && d.status === 'recognized') {
      steps.push([InitiativeStatus.Submitted, InitiativeStatus.UnderReview, 'Hội đồng sáng kiến huyện tiếp nhận, đưa vào xét', new Date('2022-10-05T08:00:00+07:00'), council]);
      steps.push([InitiativeStatus.UnderReview, InitiativeStatus.Recognized, 'Công nhận sáng kiến cấp huyện năm 2022', new Date('2022-12-20T15:00:00+07:00'), council]);
    } else if (council && d.status === 'under_review') {
      steps.push([InitiativeStatus.Submitted, InitiativeStatus.UnderReview, 'Hội đồng đưa vào xét', new Date(filed.getTime() + 20 * day), council]);
    }
    for (const [from, to, note, at, who] of steps) {
      await m.save(new InitiativeTransition({ initiativeId: initiative.id, fromStatus: from, toStatus: to, actorId: who.id, actorName: who.name, note, at }));
    }
    await m.update(Initiative, { id: initiative.id }, { createdAt: steps[0][3], updatedAt: steps[steps.length - 1][3] });
    if (d.code) {
      const series = d.code.slice(0, 7);
      this.codeCounters.set(series, Math.max(this.codeCounters.get(series) ?? 0, Number(d.code.slice(8))));
    }
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
    await this.search.index(initiative.id, searchTextOf(full), { public: isPublicStatus(full.status), year: full.year, fieldId: full.fieldId });
    return initiative;
  }

  private async setCounters(): Promise<void> {
    const m = this.uow.manager;
    for (const [name, value] of this.codeCounters) await rawQuery(m, 'INSERT INTO "code_counters" ("name", "value") VALUES (:name, :value) ON CONFLICT ("name") DO UPDATE SET "value" = :value', { name, value });
  }

  /** A round's council seats, in order; the secretary's is the last. */
  /** A round, citing the register's default documents in force in its year (as a round made on its form does). */
  private async round(fields: Partial<Round>): Promise<Round> {
    const m = this.uow.manager;
    const round = await m.save(new Round(fields));
    for (const basis of await m.find(LegalBasis)) {
      if (basis.byDefault && inForceIn(basis, round.year)) await m.save(new RoundLegalBasis({ roundId: round.id, legalBasisId: basis.id }));
    }
    return round;
  }

  private async council(round: Round, seats: [string, CouncilRole][], users: Map<string, User>): Promise<CouncilMember[]> {
    const m = this.uow.manager;
    for (const c of DEFAULT_CRITERIA) await m.save(new Criterion({ ...c, roundId: round.id }));
    const saved: CouncilMember[] = [];
    for (const [username, role] of seats) saved.push(await m.save(new CouncilMember({ roundId: round.id, userId: (users.get(username) as User).id, role })));
    return saved;
  }

  /**
   * Huyện Vĩnh Linh's 2022 round: the five recognised initiatives with the council's sheets,
   * votes and decisions, each decision keeping what its documents print (the district's
   * authority, the members' positions of 2022).
   */
  private async seedRound2022(unitIds: Map<string, number>, users: Map<string, User>): Promise<Round> {
    const m = this.uow.manager;
    const round = await this.round({ year: 2022, name: 'Đợt xét sáng kiến cải cách hành chính năm 2022', organisingUnitId: unitIds.get('VL') ?? null, submissionStart: '2022-06-01', submissionEnd: '2022-09-30', status: 'closed', threshold: 70, conflictSameUnit: false, createdAt: new Date('2022-05-20T08:00:00+07:00') });
    const seats = await this.council(round, [['hoidong1', 'chair'], ['hoidong2', 'deputy_chair'], ['hoidong3', 'member'], ['thuky', 'secretary']], users);
    const secretary = users.get('thuky') as User;
    const council = { id: secretary.id, name: `${secretary.fullName} (${secretary.username})` };
    for (const d of DEMO_INITIATIVES.filter((x) => x.year < 2026)) await this.initiative(d, unitIds, users, d.round ? round : null, council);

    const scorers = seats.filter((x) => x.role !== 'secretary');
    const criteria = await m.find(Criterion, { where: { roundId: round.id }, order: { position: 'ASC' } });
    const signing: Signing = { mode: 'own', headTitle: DISTRICT_AUTHORITY.headTitle, signerTitle: '', name: 'Hoàng Văn Minh' };
    const snapshot = buildSnapshot(
      { ...DISTRICT_AUTHORITY, lines: DISTRICT_AUTHORITY.lines.map((l) => l.toLocaleUpperCase('vi-VN')), headTitle: DISTRICT_AUTHORITY.headTitle.toLocaleUpperCase('vi-VN'), unitId: unitIds.get('VL') as number },
      signing,
      seats.map((s) => {
        const person = [...users.values()].find((u) => u.id === s.userId) as User;
        return { memberId: s.id, name: person.fullName, position: person.position, role: COUNCIL_ROLE_LABELS[s.role] };
      }),
    );
    for (const [code, sheets] of Object.entries(DEMO_2022_SCORES)) {
      const initiative = await m.findOneOrFail(Initiative, { where: { code } });
      let sum = 0;
      for (const [k, member] of scorers.entries()) {
        const a = await m.save(new Assignment({ roundId: round.id, initiativeId: initiative.id, memberId: member.id, conflict: false, conflictAuto: false, conflictReason: '' }));
        const r = await m.save(new Review({ assignmentId: a.id, cycle: 1, status: 'submitted', overallComment: 'Sáng kiến thiết thực, dễ nhân rộng.', submittedAt: new Date('2022-11-25T09:00:00+07:00') }));
        for (const [j, c] of criteria.entries()) await m.save(new ReviewScore({ reviewId: r.id, criterionId: c.id, points: sheets[k][j], comment: '' }));
        sum += sheets[k].reduce((x, y) => x + y, 0);
      }
      await m.save(
        new Decision({
          initiativeId: initiative.id,
          roundId: round.id,
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
          place: DISTRICT_AUTHORITY.place,
          signerTitle: signatureLines(signing).join('\n'),
          signerName: signing.name,
          authorityUnitId: unitIds.get('VL') as number,
          snapshot: JSON.stringify(snapshot),
          decidedById: secretary.id,
        }),
      );
      // Each member's vote, recorded by the secretary from the minutes of the meeting.
      for (const member of scorers) await m.save(new MemberVote({ initiativeId: initiative.id, memberId: member.id, cycle: 1, vote: 'for', recordedBy: 'secretary', recordedById: secretary.id }));
    }
    return round;
  }

  /**
   * 2026: the province's round (its council of department leaders) scoring an initiative
   * of xã Vĩnh Linh, one sheet submitted, one in draft, one not started; and xã Vĩnh
   * Hoàng's own round (cấp cơ sở) scoring one of its own, one sheet submitted.
   */
  private async seedRounds2026(unitIds: Map<string, number>, users: Map<string, User>): Promise<void> {
    const province = await this.round({ year: 2026, name: 'Đợt xét sáng kiến cải cách hành chính năm 2026', organisingUnitId: unitIds.get('QT') as number, submissionStart: '2026-03-01', submissionEnd: '2026-07-31', status: 'evaluating', threshold: 70, conflictSameUnit: false, createdAt: new Date('2026-02-16T08:00:00+07:00') });
    const seats = await this.council(province, [['hoidong1', 'chair'], ['hoidong2', 'deputy_chair'], ['hoidong3', 'member'], ['thuky', 'secretary']], users);
    await this.scoring(province, seats, await this.initiative(DEMO_UNDER_REVIEW, unitIds, users, province, this.actor(users, 'thuky')), [
      { status: 'submitted', points: [26, 18, 18, 27], comment: 'Nên nhân rộng ở các xã có đông người cao tuổi.', at: '2026-09-02T10:00:00+07:00' },
      { status: 'draft', points: [24, null, null, null] },
      null,
    ]);

    const commune = await this.round({ year: 2026, name: 'Đợt xét sáng kiến năm 2026 của xã Vĩnh Hoàng', organisingUnitId: unitIds.get('QT-VHOANG') as number, submissionStart: '2026-06-01', submissionEnd: '2026-09-15', status: 'evaluating', threshold: 70, conflictSameUnit: false, createdAt: new Date('2026-05-25T08:00:00+07:00') });
    const communeSeats = await this.council(commune, [['hoidong.vinhhoang1', 'chair'], ['hoidong.vinhhoang2', 'member'], ['hoidong.vinhhoang3', 'member'], ['thuky.vinhhoang', 'secretary']], users);
    await this.scoring(commune, communeSeats, await this.initiative(DEMO_COMMUNE_UNDER_REVIEW, unitIds, users, commune, this.actor(users, 'thuky.vinhhoang')), [
      { status: 'submitted', points: [25, 17, 18, 26], comment: 'Giải quyết đúng khó khăn của người dân sau sắp xếp.', at: '2026-10-12T09:00:00+07:00' },
      null,
      null,
    ]);
  }

  private actor(users: Map<string, User>, username: string): { id: number; name: string } {
    const u = users.get(username) as User;
    return { id: u.id, name: `${u.fullName} (${u.username})` };
  }

  /** Each scoring seat's assignment and, where given, its sheet. */
  private async scoring(round: Round, seats: CouncilMember[], initiative: Initiative, sheets: ({ status: 'submitted' | 'draft'; points: (number | null)[]; comment?: string; at?: string } | null)[]): Promise<void> {
    const m = this.uow.manager;
    const criteria = await m.find(Criterion, { where: { roundId: round.id }, order: { position: 'ASC' } });
    for (const [k, seat] of seats.filter((x) => x.role !== 'secretary').entries()) {
      const a = await m.save(new Assignment({ roundId: round.id, initiativeId: initiative.id, memberId: seat.id, conflict: false, conflictAuto: false, conflictReason: '' }));
      const sheet = sheets[k];
      if (!sheet) continue;
      const r = await m.save(new Review({ assignmentId: a.id, cycle: 1, status: sheet.status, overallComment: sheet.comment ?? '', submittedAt: sheet.at ? new Date(sheet.at) : null }));
      for (const [j, c] of criteria.entries()) await m.save(new ReviewScore({ reviewId: r.id, criterionId: c.id, points: sheet.points[j] ?? null, comment: '' }));
    }
  }

  /** The 2023 programme for the five initiatives across all the district's units, as the units reported. */
  private async seedProgramme(unitIds: Map<string, number>, users: Map<string, User>): Promise<void> {
    const m = this.uow.manager;
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
    const targets = DEMO_UNITS_2022.filter((u) => u.parent === 'VL').map((u) => u.code);
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
