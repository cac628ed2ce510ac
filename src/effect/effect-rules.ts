// The rules of a round of effect and scope of influence (Luật Thi đua, khen thưởng 2022):
// which recognised initiatives it takes, which scopes its council may recognise, and what a
// decision needs. Pure functions, tested beside.
import { FieldErrors } from '../common/exceptions';
import { DecisionInput, decisionErrors } from '../reviews/scoring';
import { InitiativeStatus, LEVEL_LABELS, levelOfOrganiser, RecognitionLevel } from '../initiatives/initiative-status';
import { VoteRule } from '../rounds/vote-rule';

/**
 * The scopes a council may recognise, by its organiser: a province's council cấp cơ sở,
 * cấp tỉnh or toàn quốc (the last with evidence from outside the province); any other
 * council its own level only (a commune's, department's or agency's cấp cơ sở; a district's
 * of before 01/07/2025 cấp huyện). Without an organiser (a round of before organisers were
 * required), the three of today.
 */
export function scopesFor(organiserKind: string | null | undefined): RecognitionLevel[] {
  const own = organiserKind ? levelOfOrganiser(organiserKind) : null;
  if (own === null || own === RecognitionLevel.Province) return [RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National];
  return [own];
}

/** Why this initiative cannot be added to the round as an item (null when it can). */
/**
 * Why this initiative cannot be added to the round as an item (null when it can). One outside
 * the organiser's units is not found: its status is not told to those who do not reach it.
 * `pendingElsewhere` names another round of effect and scope where it still waits for a decision.
 */
export function itemRefusal(initiative: { code: string | null; status: string } | null, typed: string, already: boolean, inReach: boolean, pendingElsewhere: string | null = null): string | null {
  if (!initiative || !inReach) return `Không tìm thấy sáng kiến có mã "${typed.trim()}" trong các đơn vị của đơn vị tổ chức đợt xét. Nhập mã như SK-2022-0005 (hoặc sk-2022-5).`;
  if (initiative.status !== InitiativeStatus.Recognized) return `Sáng kiến ${initiative.code ?? ''} chưa được công nhận: đợt xét hiệu quả áp dụng chỉ xét sáng kiến đã được công nhận.`;
  if (already) return `Sáng kiến ${initiative.code ?? ''} đã có trong đợt xét này.`;
  if (pendingElsewhere) return `Sáng kiến ${initiative.code ?? ''} đang chờ quyết định ở đợt xét "${pendingElsewhere}": xét xong ở đó rồi mới đưa vào đợt khác.`;
  return null;
}

/** A decision on an item: what any council decision is checked on (DecisionInput), with the scope. */
export interface EffectDecisionInput extends Omit<DecisionInput, 'outcome' | 'voteRule'> {
  /** As posted: checked here to be one of the two outcomes. */
  outcome: string;
  level: string;
  scopeEvidence: string;
  voteRule: VoteRule;
  /** The scopes this council may recognise (scopesFor). */
  allowed: RecognitionLevel[];
}

/**
 * Why a decision on an item cannot be recorded, per field; empty when it can. Recognising
 * the effect needs what recognising an initiative needs (the round's vote rule among all
 * the council's members, the mean score at the threshold), a scope this council may give,
 * and for toàn quốc the evidence it rests on. A refusal states its reasons.
 */
export function effectDecisionErrors(d: EffectDecisionInput): FieldErrors {
  if (d.outcome !== 'recognized' && d.outcome !== 'not_recognized') return { outcome: 'Vui lòng chọn kết quả.' };
  const errors: FieldErrors = decisionErrors({ ...d, outcome: d.outcome });
  if (d.outcome !== 'recognized') return errors;
  const level = d.level as RecognitionLevel;
  if (!d.level) errors.level = 'Vui lòng chọn phạm vi ảnh hưởng được công nhận.';
  else if (!d.allowed.includes(level)) errors.level = `Hội đồng của đợt xét này chỉ công nhận phạm vi: ${d.allowed.map((l) => LEVEL_LABELS[l]).join(', ')}.`;
  else if (level === RecognitionLevel.National && d.scopeEvidence.trim().length < 20) {
    errors.scopeEvidence = 'Phạm vi toàn quốc cần nêu căn cứ ngoài tỉnh (đơn vị, địa phương khác đã áp dụng, văn bản ghi nhận), ít nhất 20 ký tự.';
  }
  return errors;
}

/** "Cấp tỉnh" as the documents write it in running text: "cấp tỉnh", "toàn quốc". */
export function scopeWords(level: RecognitionLevel | null | undefined): string {
  return level ? LEVEL_LABELS[level].toLowerCase() : '';
}
