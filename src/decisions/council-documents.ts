import { Injectable } from '@nestjs/common';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { InitiativeStatus, LEVEL_LABELS } from '../initiatives/initiative-status';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { article3, blankNumber, recipientsBlock } from '../authorities/authority-profile';
import { authorityOwnLines, dateLine, issuerHeading } from './council-rules';
import { neededPhrase, voteRuleOf, votesNeeded } from '../rounds/vote-rule';
import { LegalBasesService } from '../legal-bases/legal-bases.service';
import { citation } from '../legal-bases/legal-basis-rules';
import { Decision } from './decision.entity';
import { formatMean, formatScore } from '../common/numbers';
import { CouncilItem, DecisionsService } from './decisions.service';
import { seatView } from './decisions.view';
import { CouncilMeetingService, absentIds, clockText } from './council-meeting.service';
import { dateWords, minutesNumber, sentence } from './document-text';
import { formatDateTime } from '../common/dates';
import { NoveltyService, formatScore as similarity } from '../novelty/novelty.service';

const nl = (n: number | null | undefined) => formatScore(n) || '—';
/** Averages with two decimals, as on the results page and in its Excel export. */
const mean = (n: number | null | undefined) => formatMean(n) || '—';

/** What the minutes can say of each member's part: the system knows sheets and votes, not who sat in the room. */
const PART_LABELS = {
  secretary: 'Có mặt (thư ký, ghi biên bản)',
  active: 'Có phiếu chấm hoặc biểu quyết',
  none: 'Không có phiếu chấm, biểu quyết',
};

/** Once the secretary has recorded the meeting: who sat in the room. */
const PRESENCE_LABELS = {
  secretary: 'Có mặt (thư ký, ghi biên bản)',
  present: 'Có mặt',
  absent: 'Vắng mặt',
};

const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Whether the council's vote and scores meet the rule (before a decision is recorded). */
function meetsRule(item: CouncilItem, councilSize: number, rule: unknown): boolean {
  return item.tally.votesFor >= votesNeeded(councilSize, voteRuleOf(rule)) && Boolean(item.stats?.thresholdMet);
}

function authorsText(item: CouncilItem): string {
  return (item.initiative.authors ?? []).map((a) => a.fullName).join(', ');
}

/**
 * The council's documents of a round: the minutes of its meeting (a printable page and a
 * .docx) and the decision of recognition (.docx, which the office edits and signs). Both
 * are built from one model read once.
 */
@Injectable()
export class CouncilDocuments {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly meetings: CouncilMeetingService,
    private readonly novelty: NoveltyService,
    private readonly legalBases: LegalBasesService,
  ) {}

  /**
   * The minutes' annex: the novelty checks kept at each submission of the round's
   * initiatives (when, how many similar, which, and which "có thể trùng").
   */
  private async noveltyAnnex(items: { n: number; id: number; code: string }[]) {
    const checks = await this.novelty.checksOf(items.map((x) => x.id));
    return items.flatMap((x) =>
      (checks.get(x.id) ?? [{ checkedAt: null, items: [] as { code: string | null; score: number; likely: boolean; year: number }[] }]).map((c) => ({
        n: x.n,
        code: x.code,
        at: c.checkedAt ? formatDateTime(c.checkedAt) : 'Không có (nộp trước khi có kiểm tra)',
        count: c.checkedAt ? String(c.items.length) : '—',
        similar: c.items.length ? c.items.map((s) => `${s.code ?? '—'} (${similarity(s.score)}${s.likely ? ', có thể trùng' : ''})`).join('; ') : c.checkedAt ? 'Không có sáng kiến tương tự' : '',
      })),
    );
  }

  /** The minutes' model: its number, the meeting's date, time and place, members present, each initiative's scores, votes and outcome. */
  async minutes(roundId: number) {
    const [council, meeting] = await Promise.all([this.decisions.roundCouncil(roundId), this.meetings.of(roundId)]);
    const { round, criteria, members } = council;
    const size = members.length;
    const latest = council.items.map((x) => x.decision).filter((d): d is Decision => d !== null).sort((a, b) => b.date.localeCompare(a.date))[0] ?? null;
    // A decided round prints the authority, names and positions kept with its decision.
    const docs = latest ? await this.decisions.documentsOf(latest, round.organisingUnitId) : await this.decisions.draftDocuments(round.organisingUnitId, round.id);
    const then = new Map(docs.members.map((m) => [m.memberId, m]));
    const nameOf = (m: (typeof members)[number]) => then.get(m.id)?.name || m.user?.fullName || '';
    // Until the secretary records the meeting, the system knows who scored or voted, not who
    // sat in the room: the minutes say which members have a sheet or a vote on record.
    const active = new Set<number>();
    for (const item of council.items) for (const s of item.seats) if (s.sheet === 'submitted' || s.vote) active.add(s.member.id);
    const absent = absentIds(meeting);
    const chair = members.find((m) => m.role === 'chair');
    const secretary = members.find((m) => m.role === 'secretary');
    const scoredOrVoted = members.filter((m) => m.role !== 'secretary' && active.has(m.id)).length;
    const absentNames = members.filter((m) => absent.has(m.id)).map(nameOf);
    const composition = meeting
      ? `Hội đồng có ${size} thành viên; có mặt ${size - absentNames.length} thành viên${absentNames.length ? `, vắng mặt ${absentNames.length} thành viên (${absentNames.join(', ')})` : ''}.`
      : `Hội đồng có ${size} thành viên: ${scoredOrVoted} thành viên có phiếu chấm hoặc biểu quyết${secretary ? '; thư ký hội đồng ghi biên bản' : ''}.`;
    const part = (m: (typeof members)[number]) =>
      meeting
        ? absent.has(m.id)
          ? PRESENCE_LABELS.absent
          : m.role === 'secretary'
            ? PRESENCE_LABELS.secretary
            : PRESENCE_LABELS.present
        : m.role === 'secretary'
          ? PART_LABELS.secretary
          : active.has(m.id)
            ? PART_LABELS.active
            : PART_LABELS.none;
    const items = council.items.map((item, k) => {
      const d = item.decision;
      const paper = Boolean(d?.paperRecord);
      // A decided item reads as it was decided: the totals, council size and mean recorded
      // with the decision, not a recount of today's seats and votes.
      const votes = d ? { votesFor: d.votesFor, votesAgainst: d.votesAgainst, votesAbstain: d.votesAbstain, councilSize: d.councilSize } : { ...item.tally, councilSize: size };
      const outcome = d
        ? d.outcome === 'recognized'
          ? `Công nhận sáng kiến, phạm vi ảnh hưởng: ${d.level ? LEVEL_LABELS[d.level] : ''} (Quyết định số ${d.number})`
          : `Không công nhận (Quyết định số ${d.number}). Lý do: ${d.reasons}`
        : meetsRule(item, size, round.voteRule)
          ? 'Đủ điều kiện, hội đồng đề nghị công nhận'
          : 'Chưa đủ điều kiện công nhận';
      const short = d ? (d.outcome === 'recognized' ? 'Công nhận' : 'Không công nhận') : meetsRule(item, size, round.voteRule) ? 'Đề nghị công nhận' : 'Chưa đủ điều kiện';
      return {
        n: k + 1,
        id: item.initiative.id,
        code: item.initiative.code ?? '',
        title: item.initiative.title,
        unit: item.initiative.unit?.name ?? '',
        authors: authorsText(item),
        // "Đơn vị: … Tác giả: …" as one sentence each, whatever the names end with.
        about: `${sentence(`Đơn vị: ${item.initiative.unit?.name ?? ''}`)} ${sentence(`Tác giả: ${authorsText(item)}`)}`,
        count: item.stats?.count ?? 0,
        means: criteria.map((c) => mean(item.stats?.criterionMeans[c.id])),
        mean: d ? mean(d.meanTotal) : mean(item.stats?.mean),
        ...votes,
        paper,
        // Each member's vote, under the member's name as the documents of the decision keep it;
        // a paper record's too when its votes were typed per member from the paper minutes
        // (one typed as totals only has none to show).
        seats: paper && !item.seats.some((s) => s.vote) ? [] : item.seats.map((s, j) => ({ ...seatView(s), n: j + 1, name: nameOf(s.member) })),
        outcome,
        short,
        // A reason typed with its own full stop ("… ngưỡng 70.") ends the sentence once.
        conclusion: sentence(`Kết luận: ${outcome}`),
      };
    });
    return {
      title: `Biên bản họp Hội đồng sáng kiến: ${round.name}`,
      round: { id: round.id, name: round.name, year: round.year, threshold: nl(round.threshold) },
      authority: docs.authority.lines,
      number: meeting ? meeting.number : minutesNumber(null),
      // The record is dated the day of the meeting; without one recorded, the decision's day; dots until then.
      dateLine: dateLine(latest?.place || docs.authority.place, meeting?.date ?? latest?.date ?? null),
      meeting: meeting
        ? { recorded: true, timeLine: `Thời gian: ${clockText(meeting.startTime)}, ${dateWords(meeting.date)}.`, placeLine: sentence(`Địa điểm: ${meeting.place}`) }
        : { recorded: false, timeLine: 'Thời gian: …… giờ ……, ngày …… tháng …… năm ……', placeLine: 'Địa điểm: ……………………………………' },
      councilSize: size,
      needed: votesNeeded(size, voteRuleOf(round.voteRule)),
      composition,
      condition: `điểm trung bình đạt ít nhất ${nl(round.threshold)} điểm và ${neededPhrase(size, voteRuleOf(round.voteRule))} đồng ý.`,
      members: members.map((m, k) => ({
        n: k + 1,
        name: nameOf(m),
        position: then.has(m.id) ? (then.get(m.id)?.position ?? '') : (m.user?.position ?? ''),
        role: COUNCIL_ROLE_LABELS[m.role],
        part: part(m),
      })),
      criteria: criteria.map((c, k) => ({ n: k + 1, name: c.name, max: nl(c.maxPoints) })),
      items,
      noveltyAnnex: await this.noveltyAnnex(items),
      chair: chair ? nameOf(chair) : '',
      secretary: secretary ? nameOf(secretary) : '',
      links: { docx: `/rounds/${round.id}/minutes.docx`, recognition: `/rounds/${round.id}/recognition.docx`, back: `/rounds/${round.id}`, meeting: `/rounds/${round.id}/meeting` },
    };
  }

  async minutesDocx(roundId: number): Promise<{ buffer: Buffer; filename: string }> {
    const m = await this.minutes(roundId);
    const body: (Paragraph | Table)[] = [
      // The council under its authority, as on the printable page.
      heading([...m.authority, 'HỘI ĐỒNG SÁNG KIẾN'], `Số: ${m.number}`, m.dateLine),
      centered('BIÊN BẢN HỌP HỘI ĐỒNG SÁNG KIẾN', { bold: true, size: 28, before: 360 }),
      centered(m.round.name, { bold: true }),
      para(m.meeting.timeLine, { before: 240 }),
      para(m.meeting.placeLine),
      para(`Thành phần: ${m.composition} Điều kiện công nhận: ${m.condition}`),
      table(
        ['STT', 'Họ và tên', 'Chức vụ', 'Vai trò trong hội đồng', 'Tham gia'],
        m.members.map((x) => [String(x.n), x.name, x.position, x.role, x.part]),
        [8, 24, 28, 18, 22],
        [0],
      ),
      para('Nội dung: hội đồng xem xét, chấm điểm và biểu quyết các sáng kiến sau.', { before: 240 }),
    ];
    if (m.items.length) {
      body.push(
        table(
          ['STT', 'Mã sáng kiến', 'Tên sáng kiến', 'Điểm trung bình', 'Đồng ý', 'Kết quả'],
          m.items.map((x) => [String(x.n), x.code, x.title, x.mean, `${x.votesFor}/${x.councilSize}`, x.short]),
          [8, 20, 34, 12, 9, 17],
          [0, 3, 4],
        ),
      );
    }
    for (const item of m.items) {
      body.push(para(`${item.n}. ${item.code} — ${item.title}`, { bold: true, before: 240 }));
      body.push(para(item.about));
      body.push(para(`Số phiếu chấm hợp lệ: ${item.count}. Điểm trung bình: ${item.mean}.${item.paper ? ' (Nhập từ hồ sơ giấy.)' : ''}`));
      if (m.criteria.length && !item.paper) body.push(table(['STT', 'Tiêu chí', 'Điểm tối đa', 'Điểm trung bình'], m.criteria.map((c, k) => [String(c.n), c.name, c.max, item.means[k]]), [8, 56, 18, 18], [0, 2, 3]));
      body.push(para(`Kết quả biểu quyết: ${item.votesFor} đồng ý, ${item.votesAgainst} không đồng ý, ${item.votesAbstain} không biểu quyết (trên tổng số ${item.councilSize} thành viên).`));
      if (item.seats.length) body.push(table(['STT', 'Thành viên', 'Biểu quyết', 'Ghi nhận'], item.seats.map((s) => [String(s.n), s.name, s.voteLabel, s.source]), [8, 38, 24, 30], [0]));
      body.push(para(item.conclusion, { bold: true }));
    }
    body.push(signatures([['THƯ KÝ HỘI ĐỒNG', m.secretary], ['CHỦ TỊCH HỘI ĐỒNG', m.chair]]));
    if (m.noveltyAnnex.length) {
      body.push(centered('PHỤ LỤC: KIỂM TRA TÍNH MỚI', { bold: true, before: 480 }));
      body.push(para('Danh sách sáng kiến tương tự mà hệ thống đã cho tác giả xem khi nộp (độ tương đồng từ 0 đến 1, tính trên tên, thực trạng và giải pháp).', { italics: true }));
      body.push(table(['STT', 'Mã sáng kiến', 'Kiểm tra lúc', 'Số sáng kiến tương tự', 'Sáng kiến tương tự (độ tương đồng)'], m.noveltyAnnex.map((x) => [String(x.n), x.code, x.at, x.count, x.similar]), [8, 18, 18, 14, 42], [0, 3]));
    }
    return { buffer: await pack(body), filename: `bien-ban-hop-hoi-dong-${m.round.year}-dot-${m.round.id}.docx` };
  }

  /** The decision of recognition's model: the recognised initiatives (or those the council proposes), the number, the signer. */
  async recognition(roundId: number) {
    const council = await this.decisions.roundCouncil(roundId);
    const { round, members } = council;
    const recognised = council.items.filter((x) => x.decision?.outcome === 'recognized' || (x.initiative.status === InitiativeStatus.UnderReview && !x.decision && meetsRule(x, members.length, round.voteRule)));
    const decided = recognised.map((x) => x.decision).filter((d): d is Decision => d !== null);
    // The number most of them were recognised by (one decision for the round, as a rule).
    const byNumber = new Map<string, Decision[]>();
    for (const d of decided) byNumber.set(d.number, [...(byNumber.get(d.number) ?? []), d]);
    const main = [...byNumber.values()].sort((a, b) => b.length - a.length)[0]?.[0] ?? (await this.decisions.latestInRound(roundId));
    // A decision recorded prints what was kept with it; a draft, the authority as it is today.
    const docs = main ? await this.decisions.documentsOf(main, round.organisingUnitId) : await this.decisions.draftDocuments(round.organisingUnitId, round.id);
    const authority = docs.authority.lines;
    // The round's legal bases, as chosen for it (a round of an earlier year keeps its own).
    const bases = (await this.legalBases.ofRound(round.id)).map(citation);
    return {
      round,
      bases,
      authority: authority.length ? authority : ['HỘI ĐỒNG SÁNG KIẾN'],
      number: decided.length && main ? main.number : blankNumber(docs.authority.symbol),
      dateLine: dateLine(main?.place || docs.authority.place, decided.length && main ? main.date : null),
      signerTitle: docs.signer.lines,
      signerName: docs.signer.name,
      article3: article3(docs.authority.recipients),
      items: recognised.map((x, k) => ({
        n: k + 1,
        code: x.initiative.code ?? '',
        title: x.initiative.title,
        authors: authorsText(x),
        unit: x.initiative.unit?.name ?? '',
        level: x.decision?.level ? LEVEL_LABELS[x.decision.level] : '……',
      })),
    };
  }

  async recognitionDocx(roundId: number): Promise<{ buffer: Buffer; filename: string }> {
    const r = await this.recognition(roundId);
    const body: (Paragraph | Table)[] = [
      heading(r.authority, `Số: ${r.number}`, r.dateLine),
      centered('QUYẾT ĐỊNH', { bold: true, size: 28, before: 360 }),
      centered(`Về việc công nhận sáng kiến năm ${r.round.year}`, { bold: true }),
      centered(issuerHeading(r.signerTitle.join('\n'), r.authority), { bold: true, before: 240 }),
      para('Căn cứ Luật Tổ chức chính quyền địa phương;', { italics: true, before: 240 }),
      ...r.bases.map((b) => para(`Căn cứ ${b};`, { italics: true })),
      para(`Xét đề nghị của Hội đồng sáng kiến tại biên bản họp xét ${r.round.name},`, { italics: true }),
      centered('QUYẾT ĐỊNH:', { bold: true, before: 240 }),
      para(`Điều 1. Công nhận ${r.items.length} sáng kiến năm ${r.round.year} (có danh sách kèm theo):`, { before: 120 }),
      table(['STT', 'Mã sáng kiến', 'Tên sáng kiến', 'Tác giả', 'Đơn vị', 'Phạm vi ảnh hưởng'], r.items.map((x) => [String(x.n), x.code, x.title, x.authors, x.unit, x.level]), [8, 20, 31, 16, 13, 12], [0]),
      para('Điều 2. Các tác giả có sáng kiến được công nhận được hưởng các quyền lợi theo quy định của Điều lệ Sáng kiến và các quy định hiện hành.', { before: 120 }),
      para(r.article3),
      signatures([[recipientsBlock(), ''], [r.signerTitle.join('\n'), r.signerName]], true),
    ];
    return { buffer: await pack(body), filename: `quyet-dinh-cong-nhan-sang-kien-${r.round.year}-dot-${r.round.id}.docx` };
  }
}

/** What the certificate prints (the model of its printable page, DecisionsView.certificate). */
export interface CertificateDocument {
  authority: { text: string; main: boolean }[];
  number: string;
  code: string | null;
  issuer: string;
  date: string;
  issuedBy: string;
  year: number;
  titleText: string;
  authors: { fullName: string; jobTitle?: string | null; workplace?: string | null }[];
  unitName: string;
  level: string;
  dateLine: string;
  signerTitle: string[];
  signerName: string;
}

/**
 * The certificate as a Word file, on one A4 page for a title of up to 500 characters and
 * five authors: a long title is set a size smaller, and the signature block (place and date,
 * title lines, name) is one unsplittable row kept with the lines above it, so the name never
 * stands alone on a second page.
 */
export async function certificateDocx(c: CertificateDocument): Promise<Buffer> {
  const [y, mo, d] = c.date.split('-');
  const long = c.titleText.length > 250;
  const authors = c.authors.map((a) =>
    new Paragraph({
      children: [new TextRun({ text: a.fullName, bold: true }), new TextRun({ text: [a.jobTitle, a.workplace].filter(Boolean).map((x) => `, ${x}`).join('') })],
      indent: { left: 454 },
      spacing: { before: 0, after: 20 },
    }),
  );
  const sign = signatureBlock(c.dateLine, c.signerTitle, c.signerName);
  const body: (Paragraph | Table)[] = [
    heading(
      c.authority.map((a) => a.text),
      `Số: ${c.number}`,
      null,
    ),
    centered('GIẤY CHỨNG NHẬN SÁNG KIẾN', { bold: true, size: 32, before: 360 }),
    centered(`Mã sáng kiến: ${c.code ?? ''}`, { italics: true }),
    centered(c.issuer, { bold: true, before: 160 }),
    para('Căn cứ Điều lệ Sáng kiến ban hành kèm theo Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ;', { italics: true, before: 120 }),
    para(`Căn cứ Quyết định số ${c.number} ngày ${d}/${mo}/${y}${c.issuedBy ? ` của ${c.issuedBy}` : ''} về việc công nhận sáng kiến năm ${c.year},`, { italics: true }),
    centered('CHỨNG NHẬN:', { bold: true, before: 160 }),
    para('Sáng kiến:'),
    centered(`“${c.titleText}”`, { bold: true, size: long ? 26 : 28 }),
    para('Tác giả:'),
    ...authors,
    para(`Đơn vị áp dụng: ${c.unitName}`),
    new Paragraph({ children: [new TextRun('Đã được công nhận là sáng kiến có phạm vi ảnh hưởng: '), new TextRun({ text: c.level, bold: true }), new TextRun('.')], keepNext: true, spacing: { before: 60, after: 60 } }),
    sign,
  ];
  return pack(body);
}

// ---- docx pieces (shared with the documents of a round of effect and scope) ------------

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  before?: number;
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

function runs(text: string, style: RunStyle = {}): TextRun[] {
  return text.split('\n').map((line, k) => new TextRun({ text: line, bold: style.bold, italics: style.italics, size: style.size, break: k > 0 ? 1 : undefined }));
}

export function para(text: string, style: RunStyle = {}): Paragraph {
  return new Paragraph({ children: runs(text, style), spacing: { before: style.before ?? 60, after: 60 }, alignment: AlignmentType.JUSTIFIED });
}

export function centered(text: string, style: RunStyle = {}): Paragraph {
  return new Paragraph({ children: runs(text, style), spacing: { before: style.before ?? 0, after: 60 }, alignment: AlignmentType.CENTER });
}

/** Width of the text between the margins, in twentieths of a point (A4, 3 cm left, 2 cm right). */
const TEXT_WIDTH = 9071;
const dxa = (percent: number) => Math.round((TEXT_WIDTH * percent) / 100);

function cell(children: Paragraph[], widthPercent: number, borders = true): TableCell {
  return new TableCell({ children, width: { size: dxa(widthPercent), type: WidthType.DXA }, ...(borders ? {} : { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } }) });
}

/** The heading of an administrative document: authority (and number) left, the nation's motto (and date line) right. */
export function heading(authority: string[], number: string | null, date: string | null): Table {
  // The authority's own name in bold, its superior above it not (Nghị định 30/2020/NĐ-CP, Phụ lục I).
  const own = Math.max(1, authorityOwnLines(authority));
  // Sizes of Phụ lục I: authority and the nation's name 12 pt (so the nation's name holds on
  // one line), the motto 13 pt; the columns as wide as the longest of each needs.
  const left = [...authority.map((a, k) => centered(a, { bold: k >= authority.length - own, size: 24 })), centered('———'), ...(number ? [centered(number)] : [])];
  const right = [centered(NATION, { bold: true, size: 24 }), centered(MOTTO, { bold: true }), centered('———'), ...(date ? [centered(date, { italics: true })] : [])];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: [dxa(38), dxa(62)],
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, 38, false), cell(right, 62, false)] })],
  });
}

/**
 * A table with sized columns (percentages of the width; equal when none are given): STT
 * narrow, titles wide. The layout is fixed, so Word and LibreOffice keep the widths
 * whatever the text; `centredColumns` (STT, scores, counts) are centred.
 */
export function table(headers: string[], rows: string[][], widths?: number[], centredColumns: number[] = []): Table {
  const width = (k: number) => widths?.[k] ?? Math.floor(100 / headers.length);
  // Tables in 12 pt, a size under the text (13 pt): a column of codes holds them whole.
  const value = (v: string, k: number) => (centredColumns.includes(k) ? centered(v, { size: 24 }) : new Paragraph({ children: runs(v, { size: 24 }) }));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: headers.map((_, k) => dxa(width(k))),
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, k) => cell([centered(h, { bold: true, size: 24 })], width(k))) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, k) => cell([value(v, k)], width(k))) })),
    ],
  });
}

/**
 * The signature block of a certificate: place and date, the title lines, the note, room to
 * sign and the name, on the right; one unsplittable row kept with the lines above it, so the
 * name never stands alone on a second page.
 */
export function signatureBlock(dateLine: string, signerTitle: string[], signerName: string): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: [dxa(42), dxa(58)],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell([new Paragraph('')], 42, false),
          cell(
            [
              centered(dateLine, { italics: true, before: 160 }),
              ...signerTitle.map((line) => centered(line, { bold: true })),
              centered('(Ký, ghi rõ họ tên và đóng dấu)', { italics: true, size: 22 }),
              centered(''),
              centered(''),
              centered(''),
              centered(signerName, { bold: true }),
            ],
            58,
            false,
          ),
        ],
      }),
    ],
  });
}

/** Signature blocks side by side: title, "(Ký, ghi rõ họ tên)", room to sign, name. */
export function signatures(blocks: [string, string][], firstIsRecipients = false): Table {
  const cells = blocks.map(([title, name], k) =>
    firstIsRecipients && k === 0
      ? cell([new Paragraph({ children: runs(title, { size: 22 }), spacing: { before: 360 } })], 50, false)
      : cell([centered(title, { bold: true, before: 360 }), centered('(Ký, ghi rõ họ tên)', { italics: true }), centered(''), centered(''), centered(''), centered(name, { bold: true })], 50, false),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: blocks.map(() => dxa(100 / blocks.length)),
    borders: NO_BORDERS,
    // The block stays whole, with its name, on the page where it begins.
    rows: [new TableRow({ cantSplit: true, children: cells })],
  });
}

export async function pack(children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Kho sáng kiến cải cách hành chính',
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
