// The annotated document that flows through the pipeline. Each stage reads some layers and sets others
// (spaCy's Doc-to-Doc contract); the pipeline checks the order once, when it is built.
import type {
  Actor, ConflictEvent, Dct, Document, Place, Provision, Quantity, Sentence, Timex, Token,
} from '../model/types.ts';

export interface ExtractOptions {
  /** Locale for numeric dates like 1/12: "en-US" reads month/day, "en-GB" day/month. Default en-US. */
  dateLocale?: 'en-US' | 'en-GB';
  /** Keep provenance ({stage, rule}) on annotations (bulky; for --explain). */
  explain?: boolean;
}

export interface Annotated {
  doc: Document;
  options: ExtractOptions;
  dct: Dct;
  sentences: Sentence[];
  tokens: Token[];
  timexes: Timex[];
  places: Place[];
  actors: Actor[];
  quantities: Quantity[];
  events: ConflictEvent[];
  provisions: Provision[];
}

export type Layer = Exclude<keyof Annotated, 'doc' | 'options'>;

export interface Stage {
  name: string;
  /** Layers this stage needs set by an earlier stage. */
  reads: Layer[];
  /** Layers this stage fills. */
  sets: Layer[];
  run(a: Annotated): void;
}
