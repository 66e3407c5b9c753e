// The data model shared by every part of Truce Monitor (see ../shared/DESIGN.md "Data model").
// Offsets are UTF-16 code-unit offsets into Document.text, start inclusive, end exclusive.
// A field the extractor cannot fill is null, never invented.

export interface Span {
  start: number;
  end: number;
}

/** Where an annotation came from: the stage and the rule or lexicon entry that made it. */
export interface Provenance {
  stage: string;
  rule: string;
}

export interface Document {
  id: string;
  text: string;
  /** Document creation time (publication date), YYYY-MM-DD; null when unknown (then inferred). */
  dct: string | null;
  source?: string | null;
  url?: string | null;
  title?: string | null;
}

export interface Dct {
  value: string | null;
  inferred: boolean;
  /** 0..1; 1 when given by the caller. */
  confidence: number;
  /** "given" | "dateline" | "explicit-date+weekday" | "explicit-date" | "anchored-duration" | "none" ... */
  method: string;
}

export interface Sentence extends Span {}

export interface Token extends Span {
  /** The token's text, as in Document.text. */
  text: string;
  /** Coarse shape: "word" | "number" | "punct" | "space"-free. */
  kind: 'word' | 'number' | 'punct' | 'symbol';
  /** Index of the sentence this token belongs to. */
  sentence: number;
}

export type TimexType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

export interface Timex extends Span {
  text: string;
  type: TimexType;
  /** TIMEX3 value: 2020-12-01, 2020-11, 2020-W49, 1992, 199, P10D, 2020-11-30TNI, PRESENT_REF ... */
  value: string;
  /** TIMEX3 mod: START | MID | END | APPROX | MORE_THAN | LESS_THAN | EQUAL_OR_LESS | ... */
  mod?: string;
  /** "deadline" for "by November 15", "no later than ...", "within three years", "until midnight". */
  role?: 'deadline';
  /** For relative expressions, the anchor they were resolved against (a TIMEX value). */
  anchor?: string;
  prov?: Provenance;
}

export type FeatureType =
  | 'continent'
  | 'region'
  | 'country'
  | 'adm1'
  | 'adm2'
  | 'populated place'
  | 'capital'
  | 'disputed region'
  | 'corridor'
  | 'other';

export interface Place extends Span {
  text: string;
  name: string;
  gazetteerId: string | null;
  featureType: FeatureType | string;
  countryCode: string | null;
  admin1?: string | null;
  lat: number | null;
  lon: number | null;
  confidence: number;
  /** "government": a capital standing for its government ("Baku agreed"); also an actor. */
  metonymy?: 'government' | null;
  /** "demonym": "Azerbaijani army" mentions Azerbaijan adjectivally; not an event location. */
  form?: 'name' | 'demonym' | null;
  /** Top candidates that were considered, best first (for the evidence view). */
  candidates?: { gazetteerId: string; name: string; score: number }[];
  prov?: Provenance;
}

export type ActorKind =
  | 'state'
  | 'military'
  | 'government'
  | 'rebels'
  | 'militia'
  | 'peacekeepers'
  | 'police'
  | 'civilians'
  | 'protesters'
  | 'rioters'
  | 'media'
  | 'official'
  | 'organisation'
  | 'unknown';

export interface Actor extends Span {
  text: string;
  /** ACLED-style name where ACLED has one: "Military Forces of Azerbaijan (2003-)". */
  name: string;
  kind: ActorKind | string;
  countryCode?: string | null;
  /** Set when this mention refers back to an earlier one ("the ministry", "they"). */
  corefOf?: number | null;
  prov?: Provenance;
}

export interface Quantity extends Span {
  value: number;
  /** "km", "day", "person", "vehicle", ... or null for a bare count. */
  unit: string | null;
  /** What is counted: "peacekeepers", "people killed", "armored personnel carriers"; null if unknown. */
  counts: string | null;
  /** "approx" for "some 30,000", "about"; "min" for "at least"/"more than"; "max" for "up to". */
  approx?: 'approx' | 'min' | 'max' | null;
  prov?: Provenance;
}

export type Modality = 'asserted' | 'planned' | 'obligated' | 'denied' | 'disputed' | 'hypothetical';

export interface EventActor {
  name: string;
  kind: ActorKind | string;
  countryCode: string | null;
}

export interface Attribution {
  /** Who said it: "Ministry of Defense of Azerbaijan". */
  source: string;
  /** Who relayed it: "TASS". */
  via?: string | null;
  evidence?: Span;
}

export interface ConflictEvent {
  id: string;
  /** Our own finer action: withdraw, enter, hand_over, deploy, shell, detain, evacuate, burn, agree, ... */
  action: string;
  /** ACLED event type name or null. */
  eventType: string | null;
  /** ACLED sub-event type name or null. */
  subEventType: string | null;
  actor1: EventActor | null;
  actor2: EventActor | null;
  place: Place | null;
  /** TIMEX3 value of the event's date, or null. */
  date: string | null;
  /** How sure we are of the date: "timex" when a governing expression gave it, "dct" when defaulted. */
  dateSource?: 'timex' | 'dct' | null;
  modality: Modality;
  quantities: Quantity[];
  /** Fatalities of this event only, ACLED conventions; null when none reported. */
  fatalities: number | null;
  attribution: Attribution | null;
  evidence: Span;
  mentions: Span[];
  /** The trigger word(s) span. */
  trigger?: Span;
  confidence?: number;
  prov?: Provenance;
}

export type ProvisionCategory =
  | 'ceasefire'
  | 'withdrawal'
  | 'territorial_transfer'
  | 'peacekeeping'
  | 'monitoring'
  | 'refugee_return'
  | 'prisoner_exchange'
  | 'transport'
  | 'other';

export interface ProvisionObject {
  name: string;
  gazetteerId?: string | null;
  lat?: number | null;
  lon?: number | null;
}

export interface Provision {
  id: string;
  agreementId?: string | null;
  category: ProvisionCategory;
  text: string;
  obligors: string[];
  action: string;
  object: ProvisionObject | null;
  /** YYYY-MM-DD or null. */
  due: string | null;
  ongoing: boolean;
  quantities: Quantity[] | { value: number; unit: string | null; counts: string | null }[];
  evidence: Span | null;
}

export interface Extraction {
  id: string;
  dct: Dct;
  sentences: Sentence[];
  timexes: Timex[];
  places: Place[];
  actors: Actor[];
  quantities: Quantity[];
  events: ConflictEvent[];
  provisions: Provision[];
}

export interface Agreement {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  signed: string;
  parties: string[];
  provisions: Provision[];
  source?: string | null;
}

export type ComplianceStatus =
  | 'fulfilled'
  | 'fulfilled_late'
  | 'in_progress'
  | 'partial'
  | 'pending'
  | 'overdue'
  | 'violated'
  | 'ongoing'
  | 'unknown';

export interface EvidenceRef {
  docId: string;
  start: number;
  end: number;
  text: string;
}

export interface Compliance {
  provisionId: string;
  status: ComplianceStatus;
  due: string | null;
  amendedDue: string | null;
  done: string | null;
  daysLate: number | null;
  daysLateAmended: number | null;
  /** Number of distinct reports behind the status. */
  sources: number;
  events: string[];
  evidence: EvidenceRef[];
}
