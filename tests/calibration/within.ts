import { expect } from 'vitest';

/**
 * The calibration band: the simulator's figure within ±30 % of the published one
 * (ratio in [0.7, 1.3]). Returns the ratio, for the test's own message.
 */
export function expectWithin30(simulated: number, published: number, what: string): number {
  const ratio = simulated / published;
  expect(
    ratio,
    `${what}: simulated ${simulated} vs published ${published} (ratio ${ratio.toFixed(3)})`,
  ).toBeGreaterThanOrEqual(0.7);
  expect(
    ratio,
    `${what}: simulated ${simulated} vs published ${published} (ratio ${ratio.toFixed(3)})`,
  ).toBeLessThanOrEqual(1.3);
  return ratio;
}
