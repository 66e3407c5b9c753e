// Point-in-country from Natural Earth country shapes (world-atlas, installed with npm): which country a
// coordinate lies in, for places whose gazetteer entry has no country (regions, user-given points).
// Loaded on first use (~30 ms); polygons carry bounding boxes so most tests are a few comparisons.
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import countries from 'i18n-iso-countries';
import type { Topology, GeometryCollection } from 'topojson-specification';

type Ring = number[][];
interface Shape { cc: string; minX: number; minY: number; maxX: number; maxY: number; rings: Ring[] }

let shapes: Shape[] | null = null;

function load(): Shape[] {
  const require = createRequire(import.meta.url);
  const topo = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection }>;
  const fc = feature(topo, topo.objects.countries) as unknown as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
  const out: Shape[] = [];
  for (const f of fc.features) {
    // world-atlas ids are ISO 3166-1 numeric codes; a few disputed shapes have none and are skipped
    const cc = f.id === undefined ? undefined : countries.numericToAlpha2(String(f.id));
    if (!cc || !f.geometry) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (let rings of polys) {
      // a ring that crosses the antimeridian jumps from +180 to -180: shift its west side by 360
      // so that it is one shape spanning, say, 170..190; queries try lon and lon + 360
      if (crossesAntimeridian(rings[0])) rings = rings.map((r) => r.map(([x, y]) => [x < 0 ? x + 360 : x, y]));
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const [x, y] of rings[0]) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      out.push({ cc, minX, minY, maxX, maxY, rings });
    }
  }
  return out;
}

function crossesAntimeridian(r: Ring): boolean {
  for (let i = 1; i < r.length; i++) if (Math.abs(r[i][0] - r[i - 1][0]) > 180) return true;
  return false;
}

/** Even-odd ray casting over all rings (outer ring and holes). */
function inside(x: number, y: number, rings: Ring[]): boolean {
  let c = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const xi = r[i][0], yi = r[i][1], xj = r[j][0], yj = r[j][1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

/** The ISO 3166-1 alpha-2 code of the country containing the point, or null (sea, or no shape). */
export function countryAt(lat: number, lon: number): string | null {
  shapes ??= load();
  for (const x of lon < 0 ? [lon, lon + 360] : [lon]) {
    for (const s of shapes) {
      if (x < s.minX || x > s.maxX || lat < s.minY || lat > s.maxY) continue;
      if (inside(x, lat, s.rings)) return s.cc;
    }
  }
  return null;
}
