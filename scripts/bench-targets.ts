/**
 * The targets, collected from every part of `npm run bench` and printed together at the end:
 * what was aimed at, what this run measured, and whether it was met.
 */
export interface Target {
  measure: string;
  target: string;
  measured: string;
  met: boolean;
}

export const targets: Target[] = [];

export function reach(measure: string, target: string, measured: string, met: boolean): void {
  targets.push({ measure, target, measured, met });
}

export function targetRows(): string[][] {
  return targets.map((t) => [t.measure, t.target, t.measured, t.met ? 'met' : 'NOT met']);
}
