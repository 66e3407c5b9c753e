// ACLED-style actor names the events stage derives from actor mentions.
import { TEMPLATES, countryByCode, fillTemplate } from '../actors/lexicon.ts';

/** "Military Forces of Russia (2000-)" for a country code; null when the code is unknown. */
export function COUNTRY_FORCES_TEMPLATE_MILITARY(code: string): string | null {
  const c = countryByCode(code);
  return c ? fillTemplate(TEMPLATES.military, c) : null;
}
