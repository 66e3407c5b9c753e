// The map: an offline MapLibre style (world-atlas country shapes, no tiles, no CDN), events as points
// coloured by ACLED type and clustered at low zoom, disputed regions outlined (approximate extents from
// the curated gazetteer supplement). Clicking a point opens its card; clicking a cluster zooms in.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { TYPE_COLOR } from './colors.ts';

maplibregl.setWorkerUrl(workerUrl);

export interface EventFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown> & { id: string; eventType: string | null; date: string | null };
}

type FC = { type: 'FeatureCollection'; features: unknown[] };

const typeColor: maplibregl.ExpressionSpecification = [
  'match', ['coalesce', ['get', 'eventType'], 'none'],
  ...Object.entries(TYPE_COLOR).filter(([k]) => k !== 'none').flatMap(([k, v]) => [k, v]),
  TYPE_COLOR.none,
] as unknown as maplibregl.ExpressionSpecification;

export class EventMap {
  readonly map: maplibregl.Map;
  private loaded: Promise<void>;
  private fitted = false;
  private popup: maplibregl.Popup | null = null;

  constructor(container: HTMLElement, private onOpen: (id: string) => void) {
    this.map = new maplibregl.Map({
      container,
      center: [30, 40],
      zoom: 2,
      attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas)' },
      canvasContextAttributes: { preserveDrawingBuffer: true },
      fadeDuration: 0,
      style: {
        version: 8,
        sources: {
          countries: { type: 'geojson', data: new URL('basemap/countries.geojson', document.baseURI).href },
          disputed: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
          events: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 36, clusterMaxZoom: 6 },
        },
        layers: [
          { id: 'sea', type: 'background', paint: { 'background-color': '#cfe3f3' } },
          { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } },
          { id: 'borders', type: 'line', source: 'countries', paint: { 'line-color': '#8a8a8a', 'line-width': 0.8 } },
          { id: 'disputed-fill', type: 'fill', source: 'disputed', paint: { 'fill-color': '#b71c1c', 'fill-opacity': 0.05 } },
          { id: 'disputed-line', type: 'line', source: 'disputed', paint: { 'line-color': '#b71c1c', 'line-width': 1.5, 'line-dasharray': [2, 2] } },
          {
            id: 'ev-clusters', type: 'circle', source: 'events', filter: ['has', 'point_count'],
            paint: {
              'circle-color': '#37474f', 'circle-opacity': 0.85, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
              'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 21, 1000, 27],
            },
          },
          {
            id: 'ev-cluster-count', type: 'symbol', source: 'events', filter: ['has', 'point_count'],
            layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-allow-overlap': true },
            paint: { 'text-color': '#fff' },
          },
          {
            id: 'ev-points', type: 'circle', source: 'events', filter: ['!', ['has', 'point_count']],
            paint: {
              'circle-color': typeColor, 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5,
            },
          },
        ],
      },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.loaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('click', 'ev-clusters', (e) => void this.zoomCluster(e));
    this.map.on('click', 'ev-points', (e) => {
      const f = e.features?.[0];
      if (f) this.card(f.properties as EventFeature['properties'], (f.geometry as unknown as { coordinates: [number, number] }).coordinates);
    });
    for (const l of ['ev-clusters', 'ev-points']) {
      this.map.on('mouseenter', l, () => (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', l, () => (this.map.getCanvas().style.cursor = ''));
    }
  }

  private async zoomCluster(e: maplibregl.MapLayerMouseEvent) {
    const f = e.features?.[0];
    if (!f) return;
    const src = this.map.getSource('events') as maplibregl.GeoJSONSource;
    const zoom = await src.getClusterExpansionZoom(f.properties.cluster_id as number);
    this.map.easeTo({ center: (f.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom });
  }

  card(p: EventFeature['properties'], at: [number, number]) {
    this.popup?.remove();
    const div = document.createElement('div');
    div.className = 'card';
    const h = document.createElement('strong');
    h.textContent = `${p.date ?? 'undated'} · ${p.subEventType ?? p.eventType ?? p.action}`;
    const meta = document.createElement('div');
    meta.className = 'small';
    meta.textContent = [p.actor1, p.actor2 ? `→ ${p.actor2}` : '', p.place ? `@ ${p.place}` : '', p.modality !== 'asserted' ? `(${p.modality})` : '']
      .filter(Boolean).join(' ');
    const ev = document.createElement('p');
    ev.className = 'small';
    const t = String(p.evidenceText ?? '');
    ev.textContent = t.length > 220 ? `${t.slice(0, 220)}…` : t;
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Open evidence';
    b.addEventListener('click', () => this.onOpen(p.id));
    div.append(h, meta, ev, b);
    this.popup = new maplibregl.Popup({ maxWidth: '320px', focusAfterOpen: true }).setLngLat(at).setDOMContent(div).addTo(this.map);
  }

  async setEvents(features: EventFeature[]): Promise<void> {
    await this.loaded;
    const located = features.filter((f) => f.geometry);
    (this.map.getSource('events') as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features: located } as never);
    if (!this.fitted && located.length) {
      this.fitted = true;
      const b = new maplibregl.LngLatBounds();
      for (const f of located) b.extend(f.geometry!.coordinates);
      this.map.fitBounds(b, { padding: 50, maxZoom: 8, duration: 0 });
    }
  }

  async setDisputed(fc: FC): Promise<void> {
    await this.loaded;
    (this.map.getSource('disputed') as maplibregl.GeoJSONSource).setData(fc as never);
  }

  /** Resolves when the map has drawn what it was given. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && !this.map.isMoving() && this.map.areTilesLoaded()) {
        this.map.once('idle', () => resolve());
        this.map.triggerRepaint();
      } else this.map.once('idle', () => resolve());
    });
  }

  flyTo(coords: [number, number]) {
    this.map.easeTo({ center: coords, zoom: Math.max(this.map.getZoom(), 8) });
  }
}
