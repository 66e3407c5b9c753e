// Parsing of the spatial event filters shared by `truce events` and the REST API, so both accept and reject
// the same strings. Errors are plain messages; the caller wraps them in its own error type.

/** "minLon,minLat,maxLon,maxLat" -> bbox; minLon > maxLon is a box crossing the antimeridian. */
export function parseBbox(s: string): [number, number, number, number] | string {
  const b = s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (b.length !== 4 || b.some((x) => !Number.isFinite(x))) return `"${s}" is not minLon,minLat,maxLon,maxLat`;
  const [w, south, e, north] = b;
  if (south > north) return `"${s}": minLat ${south} is above maxLat ${north}`;
  if (south < -90 || north > 90) return `"${s}": latitudes must lie within ±90`;
  if (w < -180 || w > 180 || e < -180 || e > 180) return `"${s}": longitudes must lie within ±180`;
  return [w, south, e, north];
}

/** "lon,lat,km" -> near; km must be positive. */
export function parseNear(s: string): [number, number, number] | string {
  const b = s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (b.length !== 3 || b.some((x) => !Number.isFinite(x))) return `"${s}" is not lon,lat,km`;
  const [lon, lat, km] = b;
  if (lat < -90 || lat > 90) return `"${s}": latitude ${lat} is outside ±90`;
  if (lon < -180 || lon > 180) return `"${s}": longitude ${lon} is outside ±180`;
  if (!(km > 0)) return `"${s}": the radius must be a positive number of kilometres`;
  return [lon, lat, km];
}
