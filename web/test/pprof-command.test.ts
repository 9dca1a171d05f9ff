import { describe, expect, it } from 'vitest';
import { goToolPprofCommand, pprofCommandUrl } from '../src/ui/export-menu';

const Q = { profileType: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', query: '{service_name="api"}', from: '1764064800000', to: '1764068400000' };

describe('the go tool pprof command', () => {
  it('names the tenant as a parameter and has no credentials when the service asks for none', () => {
    const url = pprofCommandUrl('http://127.0.0.1:4040', 'team-a', Q, 0, false);
    expect(url).toBe(
      'http://127.0.0.1:4040/api/v1/pprof?profileType=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&query=%7Bservice_name%3D%22api%22%7D&from=1764064800000&to=1764068400000&tenant=team-a',
    );
    expect(goToolPprofCommand(url)).toBe(`go tool pprof -http=: '${url}'`);
  });

  it('carries TENANT:${PYROMETER_TOKEN} user-info, never a token, and lets the shell substitute it', () => {
    const url = pprofCommandUrl('https://pyro.example:4040', 'team-a', Q, 0, true);
    expect(url.startsWith('https://team-a:${PYROMETER_TOKEN}@pyro.example:4040/api/v1/pprof?')).toBe(true);
    expect(url).not.toContain('pyro_');
    expect(goToolPprofCommand(url)).toBe(`go tool pprof -http=: "${url}"`);
    // Inside double quotes only the variable expands: the rest has no $, ` or \\.
    expect(url.replace('${PYROMETER_TOKEN}', '')).not.toMatch(/[$`\\"]/);
  });

  it('uses the default tenant when none is chosen', () => {
    expect(pprofCommandUrl('https://h', '', Q, 0, true)).toMatch(/^https:\/\/default:\$\{PYROMETER_TOKEN\}@h\/.*&tenant=default$/);
  });
});
