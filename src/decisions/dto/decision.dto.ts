import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { OptionalText, RequiredDate, RequiredText } from '../../common/validation';

/**
 * What every decision of a council records: its result, the scope, its number, date and place,
 * who signs and how, and the reasons (a refusal states them). Shared by the decision on an
 * initiative and the decision on its effect and scope.
 */
export class CouncilDecisionFields {
  @IsIn(['recognized', 'not_recognized'], { message: 'Vui lòng chọn kết quả.' })
  outcome: 'recognized' | 'not_recognized';

  @OptionalText('phạm vi ảnh hưởng', 20)
  level: string = '';

  @RequiredText('số quyết định', 100)
  number: string;

  @RequiredDate('ngày quyết định')
  date: string;

  @RequiredText('địa danh ghi ở ngày tháng', 255)
  place: string;

  /** own | kt | tm | q (see signing.ts); absent on a form of before, whose title carries it ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"). */
  @OptionalText('cách ký', 10)
  signingMode: string = '';

  /** The head's title, or the collective body for TM. */
  @OptionalText('chức danh người đứng đầu', 255)
  headTitle: string = '';

  /** The signer's own title (the deputy's for KT.). */
  @OptionalText('chức danh người ký', 255)
  signerTitle: string = '';

  @RequiredText('họ tên người ký', 255)
  signerName: string;

  @OptionalText('lý do', 10000)
  reasons: string = '';
}

/**
 * The decision form. In the live cycle the totals come from the members' votes; for an
 * initiative entered from paper files (admins only) they are typed: votesFor … meanTotal,
 * read by the service.
 */
export class DecisionDto extends CouncilDecisionFields {
  /** A paper record: the unit whose authority decided. */
  @OptionalText('cơ quan ra quyết định', 20)
  authorityUnitId: string = '';

  @OptionalText('số phiếu đồng ý', 10)
  votesFor: string = '';

  @OptionalText('số phiếu không đồng ý', 10)
  votesAgainst: string = '';

  @OptionalText('số phiếu không biểu quyết', 10)
  votesAbstain: string = '';

  @OptionalText('số thành viên hội đồng', 10)
  councilSize: string = '';

  @OptionalText('điểm trung bình', 20)
  meanTotal: string = '';

  /**
   * Each member's vote, votes[m<memberId>] = for | against | abstain, or '': for a paper record
   * in a round with a council, as the paper minutes give it (the totals follow); in the live
   * cycle, the secretary's choices in the table above the decision, recorded with it.
   */
  @Transform(({ value }) => votesPosted(value))
  @IsObject()
  @IsOptional()
  votes: Record<string, string> = {};
}

export class ReturnDto {
  @RequiredText('nội dung cần bổ sung', 5000)
  note: string;
}

/** A member's own vote on one initiative. */
export class BallotDto {
  @IsIn(['for', 'against', 'abstain'], { message: 'Vui lòng chọn Đồng ý, Không đồng ý hoặc Không biểu quyết.' })
  vote: string;
}

/**
 * The secretary's record of the meeting: votes[m<memberId>] = for | against | abstain, or ''
 * (not recorded). The "m" keeps the form parser from reading the keys as array positions.
 * Anything else posted reads as no choice at all.
 */
export function votesPosted(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The secretary's finding that an initiative repeats one already filed (checked by DuplicatesService). */
export class DuplicateDto {
  @OptionalText('mã sáng kiến đã có', 40)
  originalCode: string;

  @OptionalText('lý do', 2000)
  reason: string;
}

/** Undoing that finding. */
export class UndoDuplicateDto {
  @RequiredText('lý do bỏ xác định trùng', 2000)
  undoNote: string;
}
