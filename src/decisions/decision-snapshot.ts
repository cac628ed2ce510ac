// What a decision's documents print, kept with the decision when it is recorded: the
// authority as its profile read that day, the signature block, and the council's members
// with their positions at the meeting. Documents of a past decision print this, whatever
// changed since (pure, unit-tested beside).
import { AuthorityProfileData } from '../authorities/authority-profile';
import { isSigningMode, Signing, signatureLines } from './signing';

export interface SnapshotMember {
  /** The council seat (council_members.id). */
  memberId: number;
  name: string;
  position: string;
  role: string;
}

export interface DecisionSnapshot {
  authority: AuthorityProfileData & { unitId: number | null };
  signer: Signing & { lines: string[] };
  members: SnapshotMember[];
}

export function buildSnapshot(authority: AuthorityProfileData & { unitId: number | null }, signing: Signing, members: SnapshotMember[]): DecisionSnapshot {
  return {
    authority: { ...authority, lines: [...authority.lines], recipients: [...authority.recipients] },
    signer: { ...signing, lines: signatureLines(signing) },
    members: members.map((m) => ({ memberId: m.memberId, name: m.name, position: m.position, role: m.role })),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The snapshot stored with a decision; null when there is none or it cannot be read. */
export function readSnapshot(json: string | null | undefined): DecisionSnapshot | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // A snapshot that cannot be read is no snapshot: the documents fall back to today's data.
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, Record<string, unknown> | unknown[] | undefined>;
  const a = (r.authority ?? {}) as Record<string, unknown>;
  const s = (r.signer ?? {}) as Record<string, unknown>;
  const mode = isSigningMode(s.mode) ? s.mode : 'own';
  const signing: Signing = { mode, headTitle: str(s.headTitle), signerTitle: str(s.signerTitle), name: str(s.name) };
  return {
    authority: {
      unitId: typeof a.unitId === 'number' ? a.unitId : null,
      lines: strings(a.lines),
      name: str(a.name),
      place: str(a.place),
      symbol: str(a.symbol),
      headTitle: str(a.headTitle),
      recipients: strings(a.recipients),
    },
    signer: { ...signing, lines: strings(s.lines).length ? strings(s.lines) : signatureLines(signing) },
    members: (Array.isArray(r.members) ? r.members : []).map((m) => {
      const x = (m ?? {}) as Record<string, unknown>;
      return { memberId: Number(x.memberId) || 0, name: str(x.name), position: str(x.position), role: str(x.role) };
    }),
  };
}
