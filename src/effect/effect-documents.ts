// The documents of a decision on an item of a round of effect and scope of influence, as
// Word files with the same layout rules as the council's other documents: the certificate
// ("Giấy xác nhận hiệu quả áp dụng và phạm vi ảnh hưởng của sáng kiến") and the decision,
// each with the evidence table of the day it was recorded.
import { AlignmentType, Paragraph, Table, TextRun } from 'docx';
import { formatDate } from '../common/dates';
import { recipientsBlock } from '../authorities/authority-profile';
import { centered, heading, pack, para, signatureBlock, signatures, table } from '../decisions/council-documents';
import { EffectView, evidenceRows } from './effect.view';

export type EffectDocument = Awaited<ReturnType<EffectView['documents']>>;

const dmy = formatDate;

/** The evidence tables: units that adopted, then the indicators before and after, then the units that declined. */
function evidenceTables(e: ReturnType<typeof evidenceRows>): (Paragraph | Table)[] {
  const parts: (Paragraph | Table)[] = [para(`Kết quả áp dụng (từ các kế hoạch nhân rộng): ${e.adopted.length} đơn vị đã áp dụng, trong đó ${e.communes} xã, phường, đặc khu.`, { before: 120 })];
  if (e.adopted.length) parts.push(table(['STT', 'Đơn vị đã áp dụng', 'Loại đơn vị', 'Áp dụng từ', 'Kế hoạch nhân rộng'], e.adopted.map((a) => [String(a.n), a.unit, a.kind, a.date ? dmy(a.date) : '', a.programmes]), [8, 31, 14, 17, 30], [0, 3]));
  if (e.indicators.length) {
    parts.push(para('Chỉ số trước và sau khi áp dụng (cộng các đơn vị báo cáo đủ hai số):', { before: 120 }));
    parts.push(table(['Chỉ số', 'Đơn vị tính', 'Số đơn vị', 'Trước', 'Sau'], e.indicators.map((i) => [i.name, i.unitOfMeasure, String(i.units), i.before, i.after]), [36, 16, 14, 17, 17], [2, 3, 4]));
  }
  if (e.declined.length) parts.push(para(`Đơn vị chưa áp dụng: ${e.declined.map((d) => `${d.unit} (${d.reason}${d.explanation ? `: ${d.explanation}` : ''})`).join('; ')}.`, { before: 120 }));
  return parts;
}

function authorsLine(d: EffectDocument): string {
  return d.authors.map((a) => [a.fullName, a.jobTitle, a.workplace].filter(Boolean).join(', ')).join('; ');
}

/** "Giấy xác nhận hiệu quả áp dụng và phạm vi ảnh hưởng của sáng kiến", with its evidence table. */
export async function effectCertificateDocx(d: EffectDocument): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    heading(d.authorityLines, `Số: ${d.number}`, null),
    centered('GIẤY XÁC NHẬN', { bold: true, size: 32, before: 360 }),
    centered('HIỆU QUẢ ÁP DỤNG VÀ PHẠM VI ẢNH HƯỞNG CỦA SÁNG KIẾN', { bold: true }),
    centered(d.issuer, { bold: true, before: 160 }),
    para(`Căn cứ Quyết định số ${d.number} ngày ${dmy(d.date)}${d.authorityName ? ` của ${d.authorityName}` : ''} về việc công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến,`, { italics: true, before: 120 }),
    centered('XÁC NHẬN:', { bold: true, before: 160 }),
    para(`Sáng kiến: “${d.titleText}” (mã ${d.code ?? ''}, công nhận năm ${d.year}).`),
    para(`Tác giả: ${authorsLine(d)}.`),
    para(`Đơn vị: ${d.unitName}.`),
    para(`Đã được áp dụng có hiệu quả, phạm vi ảnh hưởng: ${d.level}.`),
    ...(d.scopeEvidence ? [para(`Căn cứ phạm vi toàn quốc: ${d.scopeEvidence}`)] : []),
    ...evidenceTables(d.evidence),
    signatureBlock(d.dateLine, d.signerTitle, d.signerName),
  ];
  return pack(body);
}

/** The decision recognising the effect and scope of influence, with the evidence table as its annex. */
export async function effectDecisionDocx(d: EffectDocument): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    heading(d.authorityLines, `Số: ${d.number}`, d.dateLine),
    centered('QUYẾT ĐỊNH', { bold: true, size: 28, before: 360 }),
    centered('Về việc công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến', { bold: true }),
    centered(d.issuer, { bold: true, before: 240 }),
    para('Căn cứ Luật Tổ chức chính quyền địa phương;', { italics: true, before: 240 }),
    ...d.bases.map((b) => para(`Căn cứ ${b};`, { italics: true })),
    para(`Xét đề nghị của Hội đồng tại cuộc họp xét ${d.roundName},`, { italics: true }),
    centered('QUYẾT ĐỊNH:', { bold: true, before: 240 }),
    para(`Điều 1. Công nhận hiệu quả áp dụng, phạm vi ảnh hưởng ${d.scopeWords} của sáng kiến “${d.titleText}” (mã ${d.code ?? ''}), tác giả: ${authorsLine(d)}; đơn vị: ${d.unitName}. Kết quả áp dụng kèm theo Quyết định này.`, { before: 120 }),
    ...(d.scopeEvidence ? [para(`Căn cứ phạm vi toàn quốc: ${d.scopeEvidence}`)] : []),
    para('Điều 2. Quyết định này là căn cứ để xét khen thưởng theo quy định của pháp luật về thi đua, khen thưởng.'),
    para(d.article3),
    signatures([[recipientsBlock(), ''], [d.signerTitle.join('\n'), d.signerName]], true),
    // The annex on a page of its own, as an annex to a decision is issued.
    new Paragraph({ children: [new TextRun({ text: 'KẾT QUẢ ÁP DỤNG CỦA SÁNG KIẾN', bold: true })], alignment: AlignmentType.CENTER, pageBreakBefore: true, spacing: { after: 60 } }),
    centered(`(Kèm theo Quyết định số ${d.number} ngày ${dmy(d.date)})`, { italics: true }),
    ...evidenceTables(d.evidence),
  ];
  return pack(body);
}
