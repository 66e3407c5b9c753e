// Colours and symbols: event types on the map and timeline; compliance statuses on the board
// (a status always has its text and a symbol too: colour is never the only carrier of meaning).
export const EVENT_TYPES = [
  'Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments',
] as const;

export const TYPE_COLOR: Record<string, string> = {
  Battles: '#c62828',
  'Explosions/Remote violence': '#ef6c00',
  'Violence against civilians': '#6a1b9a',
  Protests: '#2e7d32',
  Riots: '#6d4c41',
  'Strategic developments': '#1565c0',
  none: '#546e7a',
};

export const TYPE_SHORT: Record<string, string> = {
  Battles: 'battle', 'Explosions/Remote violence': 'explosion', 'Violence against civilians': 'vs civilians',
  Protests: 'protest', Riots: 'riot', 'Strategic developments': 'strategic', none: 'other',
};

export const STATUS: Record<string, { label: string; symbol: string; cls: string }> = {
  fulfilled: { label: 'fulfilled', symbol: '✓', cls: 'st-ok' },
  fulfilled_late: { label: 'fulfilled late', symbol: '✓', cls: 'st-late' },
  in_progress: { label: 'in progress', symbol: '◐', cls: 'st-progress' },
  partial: { label: 'partial', symbol: '◑', cls: 'st-partial' },
  pending: { label: 'pending', symbol: '○', cls: 'st-pending' },
  overdue: { label: 'overdue', symbol: '✗', cls: 'st-overdue' },
  violated: { label: 'violated', symbol: '⚠', cls: 'st-violated' },
  ongoing: { label: 'holding', symbol: '↻', cls: 'st-ongoing' },
  unknown: { label: 'unknown', symbol: '?', cls: 'st-unknown' },
};
