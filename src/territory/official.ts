import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The official list of EPCIs and communes, read from @etalab/decoupage-administratif.
 * Read only when a territory is being chosen or loaded (first run, demo), never per request.
 */
export interface OfficialCommune {
  code: string;
  name: string;
  postcodes: string[];
  population: number | null;
  departmentCode: string;
  formerCodes: string[];
}

export interface OfficialEpci {
  code: string;
  name: string;
  type: string;
  population: number | null;
  departmentCodes: string[];
  memberCodes: string[];
}

export interface OfficialDepartment {
  code: string;
  name: string;
}

interface Index {
  departments: OfficialDepartment[];
  epcis: Map<string, OfficialEpci>;
  communes: Map<string, OfficialCommune>;
}

let cached: Index | undefined;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
}

function read<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), `${name}.json`), 'utf8')) as T;
}

function load(): Index {
  if (cached) return cached;
  const rawCommunes = read<
    Array<{ code: string; nom: string; type: string; codesPostaux?: string[]; population?: number; departement: string; anciensCodes?: string[] }>
  >('communes');
  const communes = new Map<string, OfficialCommune>();
  for (const c of rawCommunes) {
    if (c.type !== 'commune-actuelle') continue;
    communes.set(c.code, {
      code: c.code,
      name: c.nom,
      postcodes: c.codesPostaux ?? [],
      population: c.population ?? null,
      departmentCode: c.departement,
      formerCodes: c.anciensCodes ?? [],
    });
  }
  const epcis = new Map<string, OfficialEpci>();
  for (const e of read<Array<{ code: string; nom: string; type: string; populationTotale?: number; membres: Array<{ code: string }> }>>('epci')) {
    const memberCodes = e.membres.map((m) => m.code);
    const departmentCodes = [...new Set(memberCodes.map((code) => communes.get(code)?.departmentCode).filter((d): d is string => !!d))].sort();
    epcis.set(e.code, { code: e.code, name: e.nom, type: e.type, population: e.populationTotale ?? null, departmentCodes, memberCodes });
  }
  const departments = read<Array<{ code: string; nom: string }>>('departements')
    .map((d) => ({ code: d.code, name: d.nom }))
    .sort((a, b) => a.code.localeCompare(b.code));
  cached = { departments, epcis, communes };
  return cached;
}

/** Frees the parsed official list (about 40 MB) once a territory is chosen. */
export function releaseOfficialData(): void {
  cached = undefined;
}

export function officialDepartments(): OfficialDepartment[] {
  return load().departments;
}

export function officialEpcisOfDepartment(departmentCode: string): OfficialEpci[] {
  return [...load().epcis.values()]
    .filter((e) => e.departmentCodes.includes(departmentCode))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export function officialEpci(code: string): OfficialEpci | undefined {
  return load().epcis.get(code);
}

/** The member communes of an EPCI, with their postcodes and population. */
export function officialCommunesOfEpci(code: string): OfficialCommune[] {
  const index = load();
  const epci = index.epcis.get(code);
  if (!epci) return [];
  return epci.memberCodes.map((c) => index.communes.get(c)).filter((c): c is OfficialCommune => !!c);
}
