// Types of the track module (agreements, compliance). The stored Agreement/Provision (src/model/types.ts)
// carry these extra optional fields in their JSON; nothing here changes the shared contract.
import type { Agreement, Compliance, Provision } from '../model/types.ts';

/** A provision as the track module keeps it: the shared Provision plus optional scheduling fields. */
export interface TrackProvision extends Provision {
  /** Start of a standing obligation (a ceasefire "from 10 November"), YYYY-MM-DD. */
  from?: string | null;
  /** How the deadline was written when it is relative: "within three years of signature". */
  dueRule?: string | null;
  /** The provision this deadline runs from ("no later than the fifth day after the withdrawal"). */
  after?: string | null;
  /** Days after `after` (with `after`). */
  days?: number | null;
  /** ISO duration from signature (P3Y), when the deadline was written that way. */
  within?: string | null;
}

/** A deadline change recorded in the agreement file itself (reports give others at run time). */
export interface AgreementAmendment {
  provision: string;
  due: string;
  source?: string | null;
  text?: string | null;
}

export interface TrackAgreement extends Agreement {
  provisions: TrackProvision[];
  amendments?: AgreementAmendment[];
}

export interface ViolationInfo {
  /** "one-side": every claim comes from one party; "multi-side": more than one side (or a third party) reports it. */
  basis: 'one-side' | 'multi-side';
  /** Sides whose statements report the breach (a party, "third-party" or "media"). */
  sides: string[];
  /** Parties accused. */
  accused: string[];
  /** Whether an accused side denied it. */
  denied: boolean;
  /** First violation date seen. */
  first: string | null;
  count: number;
}

export interface AmendmentInfo {
  amendedDue: string;
  docId: string | null;
  date: string | null;
  text: string;
  start?: number;
  end?: number;
}

/** Compliance row with the extra detail the track module can give. */
export interface TrackCompliance extends Compliance {
  amendment?: AmendmentInfo | null;
  violation?: ViolationInfo | null;
  /** Dates the reports disagree on for this provision ("2020-11-24" vs "2020-11-25"), never averaged. */
  conflicts?: { field: string; values: { value: string; docId: string }[] }[];
}
