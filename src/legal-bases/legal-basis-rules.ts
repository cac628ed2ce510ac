// Legal bases as a decision cites them, and which are in force when: pure functions
// (unit-tested beside).
import { dayAfter } from '../common/dates';

export interface LegalBasisFacts {
  docType: string;
  number: string;
  issuedOn: string;
  issuer: string;
  title: string;
  validFrom: string | null;
  validTo: string | null;
}

/** 02/3/2012, as legal documents write a date in a citation (no leading zero on the month). */
export function citedDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${Number(m)}/${y}`;
}

/**
 * The document as cited after "Căn cứ": "Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính
 * phủ ban hành Điều lệ Sáng kiến"; a law by its name: "Luật Thi đua, khen thưởng số
 * 06/2022/QH15 ngày 15/6/2022".
 */
export function citation(b: Pick<LegalBasisFacts, 'docType' | 'number' | 'issuedOn' | 'issuer' | 'title'>): string {
  const date = citedDate(b.issuedOn);
  if (b.docType.trim().toLowerCase() === 'luật') return `Luật ${b.title} số ${b.number} ngày ${date}`;
  return [`${b.docType} số ${b.number} ngày ${date}`, b.issuer && `của ${b.issuer}`, b.title].filter(Boolean).join(' ');
}

/** Whether the document is in force at some day of the year. */
export function inForceIn(b: Pick<LegalBasisFacts, 'validFrom' | 'validTo' | 'issuedOn'>, year: number): boolean {
  const from = b.validFrom ?? b.issuedOn;
  return from <= `${year}-12-31` && (!b.validTo || b.validTo >= `${year}-01-01`);
}

/** Why a round of `year` may not cite the document, in words for the form; null when it may. */
export function citationRefusal(b: Pick<LegalBasisFacts, 'docType' | 'number' | 'validFrom' | 'validTo' | 'issuedOn'>, year: number): string | null {
  if (inForceIn(b, year)) return null;
  const name = `${b.docType} số ${b.number}`;
  const from = b.validFrom ?? b.issuedOn;
  return from > `${year}-12-31` ? `${name} có hiệu lực từ ${citedDate(from)}, sau năm ${year} của đợt xét.` : `${name} hết hiệu lực từ ${citedDate(dayAfter(b.validTo as string))}, trước năm ${year} của đợt xét.`;
}

/** Documents in the order the "Căn cứ" lines print: by print order, then date, then as entered. */
export function inPrintOrder<T extends { position: number; issuedOn: string; id: number }>(bases: readonly T[]): T[] {
  return [...bases].sort((a, b) => a.position - b.position || a.issuedOn.localeCompare(b.issuedOn) || a.id - b.id);
}
