import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './helpers.ts';

// The installers' configuration (electron-builder.yml). Packaging itself needs a machine
// that can download Electron, so what is checked here is what the file tells electron-builder.

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('packaging configuration', () => {
  it('flips every security fuse, with electron-builder 26 option names and nothing else', () => {
    // deepEqual: a misspelt key would be a fuse silently left at Electron's default.
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // Kept on: the renderer is loaded from file:// inside app.asar (see the comment in the file).
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('packs the app into app.asar, which the ASAR fuses need, without turning its integrity hash off', () => {
    assert.equal(config.asar, true);
    assert.equal(config.asarUnpack, undefined, 'nothing of our own is left outside the checked archive');
    assert.equal(JSON.stringify(config).includes('disableIntegrity'), false);
  });

  it("includes the built app and the shipped lessons, and package.json's main is among them", () => {
    assert.deepEqual(config.files, ['out/**', 'lessons/**']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    assert.match(pkg.main, /^out\//);
    assert.equal(config.productName, 'Lede');
  });

  it('the main process starts no child with ELECTRON_RUN_AS_NODE (process.fork), which the runAsNode fuse disables', () => {
    // Everything src/electron/main.ts can load lives in src/electron, src/core, src/server and src/shared; the CLI (src/cli) runs under plain Node.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/\bfork\s*\(|ELECTRON_RUN_AS_NODE/.test(text)) offenders.push(relative(ROOT, path));
        }
      }
    };
    for (const dir of ['electron', 'core', 'server', 'shared']) walk(join(ROOT, 'src', dir));
    assert.deepEqual(offenders, []);
  });
});
