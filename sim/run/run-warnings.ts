/**
 * The scenario's settings that change nothing in the design it describes: a
 * disk for a memory buffer, a queue for a synchronous logger. Each is almost
 * always a misunderstanding worth a line in report.json's `warnings[]`.
 */
import type { AgentConfig } from '../agent/agent-config.ts';
import type { RunWarning } from '../config/run-warning.ts';
import { parseByteRate } from '../config/units.ts';
import type { Scenario } from '../scenario/schema.ts';

const DEFAULT_QUEUE_SIZE = 1024;
const DEFAULT_COPY_RATE = parseByteRate('200MB/s');

/** Settings without effect, in scenario order. `agent` is the resolved per-host agent (preset applied). */
export function settingsWithoutEffect(scenario: Scenario, agent: AgentConfig): RunWarning[] {
  const out: RunWarning[] = [];
  if (agent.bufferType === 'memory' && agent.diskMaxBytes > 0)
    out.push({
      code: 'no_effect',
      path: 'agent.buffer.disk_max_size',
      message: 'the buffer is memory only (buffer.type: memory): its disk size is never used',
    });
  scenario.fleet.services.forEach((service, i) => {
    const at = `fleet.services[${i}]`;
    if (service.logger.mode === 'sync' && service.logger.queue_size !== DEFAULT_QUEUE_SIZE)
      out.push({
        code: 'no_effect',
        path: `${at}.logger.queue_size`,
        message: `service ${service.name} logs synchronously: the queue size applies to logger.mode async only`,
      });
    const r = service.rotation;
    if (r !== undefined && service.transport !== 'file')
      out.push({
        code: 'no_effect',
        path: `${at}.rotation`,
        message: `service ${service.name} writes to a ${service.transport}, not a file: nothing rotates`,
      });
    else if (r !== undefined && r.strategy === 'rename' && r.copy_rate !== DEFAULT_COPY_RATE)
      out.push({
        code: 'no_effect',
        path: `${at}.rotation.copy_rate`,
        message: `service ${service.name} rotates by rename: the copy rate applies to copytruncate only`,
      });
  });
  return out;
}
