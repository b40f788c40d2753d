import type * as TopojsonClient from 'topojson-client';
import { d3Geo } from '../../platform/charts/d3.js';
import { onFirstUse } from '../../platform/lazy.js';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryObject, MultiPolygon as TopoMultiPolygon, Polygon as TopoPolygon, Topology } from 'topojson-specification';

/**
 * Reading the contours a coordinator loads (GeoJSON FeatureCollection or TopoJSON Topology) and
 * matching them to the territory's communes by INSEE code, former codes included. Pure functions:
 * the route reads the file, the command writes what these return.
 */

// topojson-client is required when a coordinator loads contours, not with the application
const topojson = onFirstUse<typeof TopojsonClient>('topojson-client');

export type Area = Polygon | MultiPolygon;

/** One contour as read from the file, before matching. */
export interface RawContour {
  code: string | null;
  name: string | null;
  geometry: Area | null;
  /** Why a polygon was not kept: coordinates that are not degrees (a projected file, Lambert 93…), or not coordinates at all. */
  problem?: 'projected' | 'invalid' | undefined;
  /** TopoJSON only: the source geometry, so that contours merged into one commune lose their shared border. */
  topo?: GeometryObject<Record<string, unknown> | null> | undefined;
}

export interface ContourLayer {
  /** The TopoJSON object's name; null for a GeoJSON file. */
  name: string | null;
  contours: RawContour[];
  topology?: Topology;
}

export type ReadError = 'not_json' | 'not_geo' | 'too_many_points';

/**
 * The most points (longitude, latitude pairs, or TopoJSON arc positions) a contour file may hold:
 * the map draws every one of them on each report page, and a territory of a hundred communes
 * needs a few thousand (the Pays du Ternois: under 5,000). A file straight from a survey at full
 * resolution is refused, with the advice to simplify it.
 */
export const MAX_CONTOUR_POINTS = 150_000;

/** The number of positions in a JSON value, counted without recursion (a hostile file may nest deeply); stops past `limit`. */
export function countPositions(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      if (typeof v[0] === 'number') {
        if (++count > limit) return count;
      } else for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') for (const item of Object.values(v)) stack.push(item);
  }
  return count;
}

/** The property names that may hold a commune's INSEE code, compared without case. */
export const CODE_PROPERTIES = ['code', 'insee', 'insee_com', 'codgeo', 'code_insee'];
const NAME_PROPERTIES = ['nom', 'name', 'nom_com', 'libgeo', 'libelle', 'nom_commune'];

function property(props: Record<string, unknown> | null | undefined, names: string[]): unknown {
  if (!props || typeof props !== 'object') return undefined;
  for (const wanted of names) {
    for (const [key, value] of Object.entries(props)) if (key.toLowerCase() === wanted && value !== null && value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** An INSEE code as written in the file: numbers lose their leading zero (01001 read as 1001). */
export function codeOf(props: Record<string, unknown> | null | undefined): string | null {
  const raw = property(props, CODE_PROPERTIES);
  if (raw === undefined || (typeof raw !== 'string' && typeof raw !== 'number')) return null;
  const code = String(raw).trim().toUpperCase();
  if (code === '') return null;
  return /^\d{4}$/.test(code) ? `0${code}` : code.slice(0, 20);
}

function nameOf(props: Record<string, unknown> | null | undefined): string | null {
  const raw = property(props, NAME_PROPERTIES);
  return typeof raw === 'string' ? raw.trim().slice(0, 120) || null : null;
}

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
const isRing = (r: unknown): r is Position[] => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isPolygon = (rings: unknown): rings is Position[][] => Array.isArray(rings) && rings.length > 0 && rings.every(isRing);

/** A polygon or multipolygon whose coordinates are longitudes and latitudes in degrees; what else was found, if anything. */
function areaOf(geometry: Geometry | null | undefined): Pick<RawContour, 'geometry' | 'problem'> {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return { geometry: null };
  const polygons: unknown = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(polygons) || !polygons.length || !polygons.every(isPolygon)) return { geometry: null, problem: 'invalid' };
  const inDegrees = (polygons as Position[][][]).every((rings) => rings.every((ring) => ring.every(([x, y]) => Math.abs(x!) <= 180 && Math.abs(y!) <= 90)));
  return inDegrees ? { geometry } : { geometry: null, problem: 'projected' };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a file's text as GeoJSON or TopoJSON: one layer for GeoJSON, one per TopoJSON object. */
export function readContourFile(text: string): { ok: true; layers: ContourLayer[] } | { ok: false; error: ReadError } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'not_json' };
  }
  if (!isObject(json)) return { ok: false, error: 'not_geo' };
  if ((json.type === 'FeatureCollection' || json.type === 'Topology') && countPositions(json.type === 'Topology' ? json.arcs : json.features, MAX_CONTOUR_POINTS) > MAX_CONTOUR_POINTS) return { ok: false, error: 'too_many_points' };
  if (json.type === 'FeatureCollection' && Array.isArray(json.features)) {
    const contours = (json.features as unknown[]).filter(isObject).map((f) => {
      const props = isObject(f.properties) ? f.properties : null;
      return { code: codeOf(props), name: nameOf(props), ...areaOf(f.geometry as Geometry) };
    });
    return { ok: true, layers: [{ name: null, contours }] };
  }
  if (json.type === 'Topology' && isObject(json.objects) && Array.isArray(json.arcs)) {
    const topology = json as unknown as Topology;
    const layers: ContourLayer[] = [];
    try {
      for (const [name, object] of Object.entries(topology.objects)) {
        const geometries = object.type === 'GeometryCollection' ? object.geometries : [object];
        const converted = topojson().feature(topology, object);
        const features = (converted.type === 'FeatureCollection' ? converted.features : [converted]) as Array<Feature<Geometry | null>>;
        layers.push({
          name,
          topology,
          contours: features.map((f, i) => {
            const props = (f.properties ?? null) as Record<string, unknown> | null;
            return { code: codeOf(props), name: nameOf(props), ...areaOf(f.geometry), topo: geometries[i] };
          }),
        });
      }
    } catch {
      return { ok: false, error: 'not_geo' }; // arcs that do not resolve: not a usable topology
    }
    return { ok: true, layers };
  }
  return { ok: false, error: 'not_geo' };
}

export interface TerritoryCommune {
  insee_code: string;
  name: string;
  former_codes: string | null;
}

/** What an upload matched; stored with the contours and shown on the page. Lists are capped, counts are not. */
export interface ContourReport {
  layer: string | null;
  features: number;
  communes: number;
  matched: number;
  outside: Array<{ code: string; name: string | null }>;
  outsideCount: number;
  withoutCode: Array<{ name: string | null }>;
  withoutCodeCount: number;
  /** Features with a territory code but no polygon (a point, a line, nothing): not drawable. */
  withoutArea: Array<{ code: string; name: string | null }>;
  missing: Array<{ code: string; name: string }>;
  merged: Array<{ formerCode: string; formerName: string | null; code: string; name: string }>;
}

export const REPORT_LIST_CAP = 100;

export type MatchResult =
  | { ok: true; collection: FeatureCollection<Area, { code: string; name: string }>; report: ContourReport }
  | { ok: false; error: 'no_match' | 'projected'; features: number; withCode: number };

/**
 * Matches contours to the territory's communes: a feature's code is a commune's INSEE code or one of
 * its former codes (a merged commune's contour joins the current one). Of a TopoJSON's objects, the
 * one that matches most communes is taken. Several contours for one commune become one shape.
 */
export function matchContours(layers: ContourLayer[], communes: TerritoryCommune[]): MatchResult {
  const current = new Map<string, TerritoryCommune>();
  const former = new Map<string, TerritoryCommune>();
  for (const c of communes) {
    current.set(c.insee_code, c);
    for (const code of (c.former_codes ?? '').split(',').map((s) => s.trim()).filter(Boolean)) former.set(code, c);
  }
  const target = (code: string | null) => (code === null ? undefined : (current.get(code) ?? former.get(code)));
  const score = (layer: ContourLayer) => new Set(layer.contours.filter((c) => c.geometry && target(c.code)).map((c) => target(c.code)!.insee_code)).size;
  const layer = [...layers].sort((a, b) => score(b) - score(a))[0];
  const allContours = layers.flatMap((l) => l.contours);
  if (!layer || score(layer) === 0) {
    // contours of the territory whose coordinates are metres, not degrees: say so rather than « nothing matches »
    const projected = allContours.some((c) => c.problem === 'projected' && target(c.code));
    return { ok: false, error: projected ? 'projected' : 'no_match', features: allContours.length, withCode: allContours.filter((c) => c.code !== null).length };
  }

  const byCommune = new Map<string, RawContour[]>();
  const report: ContourReport = { layer: layer.name, features: layer.contours.length, communes: communes.length, matched: 0, outside: [], outsideCount: 0, withoutCode: [], withoutCodeCount: 0, withoutArea: [], missing: [], merged: [] };
  for (const contour of layer.contours) {
    if (contour.code === null) {
      report.withoutCodeCount++;
      if (report.withoutCode.length < REPORT_LIST_CAP) report.withoutCode.push({ name: contour.name });
      continue;
    }
    const commune = target(contour.code);
    if (!commune) {
      report.outsideCount++;
      if (report.outside.length < REPORT_LIST_CAP) report.outside.push({ code: contour.code, name: contour.name });
      continue;
    }
    if (!contour.geometry) {
      report.withoutArea.push({ code: contour.code, name: contour.name });
      continue;
    }
    if (contour.code !== commune.insee_code) report.merged.push({ formerCode: contour.code, formerName: contour.name, code: commune.insee_code, name: commune.name });
    byCommune.set(commune.insee_code, [...(byCommune.get(commune.insee_code) ?? []), contour]);
  }
  const features: Array<Feature<Area, { code: string; name: string }>> = [];
  for (const commune of communes) {
    const parts = byCommune.get(commune.insee_code);
    if (!parts) {
      report.missing.push({ code: commune.insee_code, name: commune.name });
      continue;
    }
    features.push({ type: 'Feature', properties: { code: commune.insee_code, name: commune.name }, geometry: normalise(joined(parts, layer.topology)) });
  }
  report.matched = features.length;
  return { ok: true, collection: { type: 'FeatureCollection', features }, report };
}

/** One shape from a commune's contours: TopoJSON merges them along shared arcs; GeoJSON polygons are gathered. */
function joined(parts: RawContour[], topology: Topology | undefined): Area {
  if (parts.length === 1) return parts[0]!.geometry!;
  if (topology && parts.every((p) => p.topo && (p.topo.type === 'Polygon' || p.topo.type === 'MultiPolygon'))) {
    return topojson().merge(topology, parts.map((p) => p.topo as TopoPolygon | TopoMultiPolygon));
  }
  return { type: 'MultiPolygon', coordinates: parts.flatMap((p) => (p.geometry!.type === 'Polygon' ? [p.geometry!.coordinates] : p.geometry!.coordinates)) };
}

const round = (ring: Position[]) => ring.map(([x, y]) => [Math.round(x! * 1e5) / 1e5, Math.round(y! * 1e5) / 1e5]);

/**
 * Coordinates rounded to 1e-5 degree (about a metre), and each polygon wound as d3-geo expects:
 * d3 reads a ring in the other direction as the whole sphere minus the commune (files that follow
 * RFC 7946 are wound that way), so a polygon covering more than a hemisphere is turned round.
 */
export function normalise(geometry: Area): Area {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const fixed = polygons.map((rings) => {
    const rounded = rings.map(round);
    const inverted = d3Geo().geoArea({ type: 'Polygon', coordinates: rounded }) > 2 * Math.PI;
    return inverted ? rounded.map((ring) => [...ring].reverse()) : rounded;
  });
  return fixed.length === 1 ? { type: 'Polygon', coordinates: fixed[0]! } : { type: 'MultiPolygon', coordinates: fixed };
}
