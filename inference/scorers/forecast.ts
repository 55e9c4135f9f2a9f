import { forecastFeatureMatrix, type LagWindow } from '../features/forecast';
import type { ModelRegistry } from '../registry';
import { groupBySelectedVersion } from './select';

export interface ForecastResult {
  kolId: string;
  /** Forecast orders in the next `horizonHours`. */
  orders: number;
  /** Forecast revenue (orders × the lag window's average order value) in the same period. */
  revenue: number;
  horizonHours: number;
  modelVersion: string;
}

/** One ONNX run per serving version for the whole batch; results in input order. */
export async function scoreForecast(
  registry: ModelRegistry,
  inputs: readonly { kolId: string; window: LagWindow }[],
): Promise<ForecastResult[]> {
  const results = new Array<ForecastResult>(inputs.length);
  const groups = groupBySelectedVersion(registry, 'forecast', inputs);
  await Promise.all(
    [...groups].map(async ([model, rows]) => {
      const config = model.config;
      if (config.kind !== 'forecast') throw new Error(`${model.id} is not a forecast model`);
      const matrix = forecastFeatureMatrix(rows.map((i) => inputs[i]!.window));
      const out = await model.session.run(matrix, rows.length, ['orders', 'revenue']);
      const orders = out['orders']!;
      const revenue = out['revenue']!;
      for (let k = 0; k < rows.length; k++) {
        results[rows[k]!] = {
          kolId: inputs[rows[k]!]!.kolId,
          orders: orders[k]!,
          revenue: revenue[k]!,
          horizonHours: config.horizonHours,
          modelVersion: model.version,
        };
      }
    }),
  );
  return results;
}
