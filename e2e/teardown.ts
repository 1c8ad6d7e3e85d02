import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Removes this run's throwaway databases (the servers may still hold them open; Linux allows it). */
export default function teardown(): void {
  const run = process.env.SNR_E2E_RUN;
  if (!run) return;
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith(`snr-e2e-${run}-`)) rmSync(join(tmpdir(), name), { force: true });
  }
}
