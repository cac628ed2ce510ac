import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { OptionalText, RequiredText } from '../../common/validation';
import { CouncilDecisionFields, votesPosted } from '../../decisions/dto/decision.dto';

/** Adding a recognised initiative to a round of effect and scope, by its code. */
export class EffectItemDto {
  @RequiredText('mã sáng kiến', 30)
  code: string;
}

/** A member's sheet on an item: points[c<criterionId>], the comment, and whether it is submitted. */
export class EffectSheetDto {
  @IsOptional()
  @IsObject()
  points: Record<string, string> = {};

  @OptionalText('nhận xét', 10000)
  comment: string = '';

  @OptionalText('nộp phiếu', 5)
  submit: string = '';
}

/** A member's declaration of a conflict of interest on an item (the reason is checked by the service). */
export class EffectConflictDto {
  @OptionalText('lý do xung đột lợi ích', 2000)
  conflictReason: string = '';
}

/** A member's own vote on an item. */
export class EffectBallotDto {
  @IsIn(['for', 'against', 'abstain'], { message: 'Vui lòng chọn biểu quyết của bạn.' })
  vote: string;
}

/** The decision on an item, with the members' votes chosen above it (recorded with it). */
export class EffectDecisionDto extends CouncilDecisionFields {
  @OptionalText('căn cứ phạm vi toàn quốc', 5000)
  scopeEvidence: string = '';

  /** votes[m<memberId>] = for | against | abstain, or '' (none). */
  @Transform(({ value }) => votesPosted(value))
  @IsObject()
  @IsOptional()
  votes: Record<string, string> = {};
}
