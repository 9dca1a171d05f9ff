/** Answers of GET /api/v1/overview (docs/api.md, "Overview"). */

/** One service's timeline line of one type: {@code start} in ms since the epoch, {@code step} in seconds. */
export interface OverviewSparkline {
  profileType: string;
  sampleType: string;
  unit: string;
  aggregation: string;
  start: number;
  step: number;
  values: (number | null)[];
}

export interface ServiceOverview {
  name: string;
  profileTypes: string[];
  /** The area of the CPU sparkline (sum of its values); null without CPU profiles. Orders the services. */
  cost: number | null;
  sparklines: OverviewSparkline[];
  topType: string | null;
  topFunction: string | null;
  topFlat: number | null;
}

/** {@code total} counts every service with data; {@code services} the listed ones, costliest first. */
export interface OverviewAnswer {
  from: string;
  to: string;
  total: number;
  services: ServiceOverview[];
}
