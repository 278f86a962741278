// A preset is a real agent's documented defaults; an explicit field always wins over it.
import { describe, expect, it } from 'vitest';
import {
  AGENT_DEFAULTS,
  AGENT_PRESETS,
  AGENT_PRESET_NAMES,
  resolveAgentConfig,
} from '../../sim/agent/presets.ts';
import { US_PER_SECOND } from '../../sim/engine/time.ts';
import { agentSettingsPerHost } from '../../sim/run/agent-settings.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { smallScenario } from './run-helper.ts';

describe('agent presets', () => {
  it('without a preset, the generic defaults apply', () => {
    expect(resolveAgentConfig(undefined, {})).toEqual(AGENT_DEFAULTS);
  });

  it('a preset overrides the generic defaults with its documented values', () => {
    const fb = resolveAgentConfig('fluent-bit', {});
    expect(fb.maxRetries).toBe(1); // Retry_Limit 1
    expect(fb.commit).toBe('on_read');
    const otel = resolveAgentConfig('otel-collector', {});
    expect(otel.whenFull).toBe('drop_newest');
    expect(otel.maxRetryElapsedUs).toBe(300 * US_PER_SECOND);
    expect(resolveAgentConfig('vector', {}).maxRetries).toBe(Infinity);
  });

  it('an explicit field overrides the preset; an absent one does not erase it', () => {
    const c = resolveAgentConfig('filebeat', { lingerUs: 2 * US_PER_SECOND, bufferMaxLines: undefined });
    expect(c.lingerUs).toBe(2 * US_PER_SECOND);
    expect(c.bufferMaxLines).toBe(3200);
  });

  it('every preset names only real settings', () => {
    for (const name of AGENT_PRESET_NAMES) {
      for (const key of Object.keys(AGENT_PRESETS[name])) expect(Object.keys(AGENT_DEFAULTS)).toContain(key);
    }
  });

  it('the scenario path: agent.preset plus explicit YAML fields', () => {
    const scenario = scenarioSchema().parse(
      smallScenario({
        agent: {
          preset: 'otel-collector',
          buffer: { when_full: 'block' },
          retry: { max_retries: 'unlimited' },
        },
      }),
    );
    const c = agentSettingsPerHost(scenario);
    expect(c.whenFull).toBe('block');
    expect(c.lingerUs).toBe(200_000);
    expect(c.maxRetries).toBe(Infinity);
  });
});
