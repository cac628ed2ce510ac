import { SESSION_HOURS } from '../auth/session-lifetime';

/**
 * How long and how much a person keeps of the files of their refused forms ("staged":
 * kept with no owner, so the form comes back listing them and they need not be chosen
 * again).
 */

/**
 * A refused form can come back (be sent again with its kept files) only within the
 * session it was shown in: its token is that session's, and a session ends after 12 hours
 * without a request (SESSION_HOURS). A staged file is kept that long after
 * it was uploaded; someone still working in that session after 12 hours who sends the old
 * form is told plainly to choose the file again (AttachmentsService.attach).
 */
export const STAGED_TTL_MS = SESSION_HOURS * 60 * 60 * 1000;

export interface StagedCap {
  files: number;
  bytes: number;
}

/**
 * Two full forms' worth per person: a form takes at most `maxFilesPerForm` files and an
 * initiative at most `maxOwnerBytes`, so a person filling two forms at once (two tabs) keeps
 * everything, and nobody piles up more than that however many forms they get refused.
 */
export function stagedCap(maxFilesPerForm: number, maxOwnerBytes: number): StagedCap {
  return { files: 2 * maxFilesPerForm, bytes: 2 * maxOwnerBytes };
}

export interface StagingPlan {
  /** How many of the new files are kept (the first ones, in the order they came). */
  keep: number;
  /** Ids of the person's staged files to remove first, oldest first. */
  evict: number[];
}

/**
 * A new staging under the cap. The new files are kept in the order they came while they
 * fit the cap by themselves (those after are not kept: the form lists only what was);
 * then the person's oldest staged files go until everything fits.
 *
 * @param staged the person's staged files, oldest first
 * @param incoming the new files, in the order of the form
 */
export function planStaging(staged: readonly { id: number; size: number }[], incoming: readonly { size: number }[], cap: StagedCap): StagingPlan {
  let keep = 0;
  let keptBytes = 0;
  while (keep < incoming.length && keep + 1 <= cap.files && keptBytes + incoming[keep].size <= cap.bytes) keptBytes += incoming[keep++].size;
  let files = staged.length + keep;
  let bytes = staged.reduce((a, f) => a + f.size, 0) + keptBytes;
  const evict: number[] = [];
  for (const old of staged) {
    if (files <= cap.files && bytes <= cap.bytes) break;
    evict.push(old.id);
    files--;
    bytes -= old.size;
  }
  return { keep, evict };
}
