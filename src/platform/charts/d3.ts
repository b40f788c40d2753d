import type * as D3Geo from 'd3-geo';
import type * as D3Scale from 'd3-scale';
import type * as D3Shape from 'd3-shape';
import { onFirstUse } from '../lazy.js';

/** d3's modules, required when the first chart or map is drawn (dashboards, reports, campaigns), not with the application. */
export const d3Geo = onFirstUse<typeof D3Geo>('d3-geo');
export const d3Scale = onFirstUse<typeof D3Scale>('d3-scale');
export const d3Shape = onFirstUse<typeof D3Shape>('d3-shape');
