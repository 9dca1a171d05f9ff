/** Answers of GET /api/v1/regressions and /api/v1/leaks (see docs/api.md). */

export interface RegressionWindow {
  from: string;
  to: string;
  series: number;
  buckets: number;
  totalRate: number;
}

export interface RegressionRow {
  service: string | null;
  function: string;
  metric: 'flat' | 'cum' | 'stack';
  stack: string[];
  baselineShare: number;
  comparisonShare: number;
  shareChange: number;
  baselineRate: number;
  comparisonRate: number;
  rateChange: number;
  p: number;
  q: number;
  baselineCount: number;
  comparisonCount: number;
  significant: boolean;
  direction: 'regression' | 'improvement' | 'none';
  baselineShares: number[];
  comparisonShares: number[];
}

export interface RegressionAnswer {
  profileType: string;
  unit: string;
  aggregation: 'sum' | 'average';
  step: number;
  alpha: number;
  fleet: boolean;
  baseline: RegressionWindow;
  comparison: RegressionWindow;
  verdict: string;
  functionTests: number;
  stackTests: number;
  regressions: number;
  improvements: number;
  functions: RegressionRow[];
  stacks: RegressionRow[];
}

export interface GrowthRow {
  function: string;
  stack: string[];
  growthPerHour: number;
  p: number;
  q: number;
  s: number;
  segments: number;
  meanLevel: number;
  significant: boolean;
  starts: number[];
  values: number[];
}

export interface LeakAnswer {
  profileType: string;
  unit: string;
  from: string;
  to: string;
  step: number;
  alpha: number;
  series: number;
  buckets: number;
  verdict: string;
  functionTests: number;
  stackTests: number;
  functions: GrowthRow[];
  stacks: GrowthRow[];
}
