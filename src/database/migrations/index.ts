import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Initiatives1764100000000 } from './1764100000000-Initiatives';
import { Councils1764200000000 } from './1764200000000-Councils';
import { Reviews1764300000000 } from './1764300000000-Reviews';
import { Replication1764400000000 } from './1764400000000-Replication';
import { Constraints1764500000000 } from './1764500000000-Constraints';
import { SearchFilterIndexes1764600000000 } from './1764600000000-SearchFilterIndexes';
import { PaperRecords1764700000000 } from './1764700000000-PaperRecords';
import { MemberVotes1764800000000 } from './1764800000000-MemberVotes';
import { UserEmail1764900000000 } from './1764900000000-UserEmail';
import { RestoreSearchFilterIndexes1765000000000 } from './1765000000000-RestoreSearchFilterIndexes';
import { Installation1765100000000 } from './1765100000000-Installation';
import { UnitEras1765200000000 } from './1765200000000-UnitEras';
import { Authorities1765300000000 } from './1765300000000-Authorities';
import { CouncilMeetings1765450000000 } from './1765450000000-CouncilMeetings';
import { AdoptionsByUnit1765500000000 } from './1765500000000-AdoptionsByUnit';
import { NoveltyChecks1765650000000 } from './1765650000000-NoveltyChecks';
import { DuplicateMarks1765800000000 } from './1765800000000-DuplicateMarks';
import { RoundVoteRule1765900000000 } from './1765900000000-RoundVoteRule';
import { LegalBases1766000000000 } from './1766000000000-LegalBases';
import { EmailDigest1766100000000 } from './1766100000000-EmailDigest';
import { OpenData1766200000000 } from './1766200000000-OpenData';
import { EffectRounds1766300000000 } from './1766300000000-EffectRounds';
import { ApiTokens1766400000000 } from './1766400000000-ApiTokens';
import { LegalBasisEffectDefault1766500000000 } from './1766500000000-LegalBasisEffectDefault';
import { ReminderSettings1766600000000 } from './1766600000000-ReminderSettings';
import { PublicSearchIndex1766700000000 } from './1766700000000-PublicSearchIndex';
import { SearchFacets1766800000000 } from './1766800000000-SearchFacets';

/**
 * Every migration, oldest first. Add new ones at the end. On SQLite, a migration that
 * rebuilds a table (addColumn, changeColumn, dropColumn…) rebuilds it from TypeORM's picture
 * of it, which SQL run by earlier migrations of the same run does not update: such a
 * migration first takes it again with `await q.getTable(name)` (see
 * RestoreSearchFilterIndexes).
 */
export const MIGRATIONS = [
  Foundation1764000000000,
  Initiatives1764100000000,
  Councils1764200000000,
  Reviews1764300000000,
  Replication1764400000000,
  Constraints1764500000000,
  SearchFilterIndexes1764600000000,
  PaperRecords1764700000000,
  MemberVotes1764800000000,
  UserEmail1764900000000,
  RestoreSearchFilterIndexes1765000000000,
  Installation1765100000000,
  UnitEras1765200000000,
  Authorities1765300000000,
  CouncilMeetings1765450000000,
  AdoptionsByUnit1765500000000,
  NoveltyChecks1765650000000,
  DuplicateMarks1765800000000,
  RoundVoteRule1765900000000,
  LegalBases1766000000000,
  EmailDigest1766100000000,
  OpenData1766200000000,
  EffectRounds1766300000000,
  ApiTokens1766400000000,
  LegalBasisEffectDefault1766500000000,
  ReminderSettings1766600000000,
  PublicSearchIndex1766700000000,
  SearchFacets1766800000000,
];
