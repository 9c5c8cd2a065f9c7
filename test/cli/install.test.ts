// Installing run-batt as somebody else's dependency: from a packed tarball
// (ships dist/, needs no dev dependency), and from an unbuilt clone (the
// install never fails; the command says how to build it).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';
import { tempFolder } from '../helpers/cli.js';

// Temporary folders live under the test run's own root, removed when the run ends (global-setup.ts).
const temp = () => tempFolder();
const npm = (args: string[], cwd: string) => spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', timeout: 240_000 });
const consumer = (dep: string) => {
  const dir = temp();
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'run-batt': dep } }));
  return dir;
};

describe('installing run-batt as a dependency', () => {
  it('a packed tarball installs (no dev dependency needed) and runs the main job', () => {
    const packDir = temp();
    const pack = npm(['pack', '--pack-destination', packDir, REPO_ROOT], REPO_ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const [tgz] = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
    const files = execFileSync('tar', ['-tzf', path.join(packDir, tgz)], { encoding: 'utf8' });
    expect(files).toMatch(/package\/dist\/cli\.js/);
    expect(files).toMatch(/package\/dist\/exec\/worker\.js/);
    const dir = consumer(`file:${path.join(packDir, tgz)}`);
    const install = npm(['install', '--omit=dev', '--prefer-offline'], dir);
    if (install.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|network/i.test(install.stderr)) {
      console.warn('[skip] the dependencies are neither cached nor reachable: the tarball install case is skipped');
      return;
    }
    expect(install.status, install.stderr).toBe(0);
    const bin = path.join(dir, 'node_modules', '.bin', 'run-batt');
    const r = spawnSync(bin, ['-i', '007bbfb7', '--out', path.join(dir, 'out'), '-q'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 task\(s\)/);
  }, 300_000);

  it('an unbuilt clone as a file: dependency: the install succeeds and the command says how to build', () => {
    const clone = path.join(temp(), 'run-batt');
    execFileSync('git', ['clone', '-q', REPO_ROOT, clone]);
    const dir = consumer(`file:${clone}`);
    const install = npm(['install', '--foreground-scripts'], dir);
    expect(install.status, install.stderr).toBe(0);
    const r = spawnSync(process.execPath, [path.join(clone, 'bin', 'run-batt.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/run-batt: not built: dist\/ is missing; run 'npm install && npm run build' in /);
  }, 300_000);
});
