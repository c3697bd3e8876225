// Runs inside a real VS Code extension host (code-server), against the built extension or the installed VSIX.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

// This file is bundled to <repo>/dist/test/host/suite/activation.test.js.
const repoRoot = path.resolve(__dirname, '../../../..');

interface PackageJson {
  contributes?: {
    commands?: { command: string }[];
    configuration?: ConfigSection | ConfigSection[];
  };
}
interface ConfigSection { properties?: Record<string, { default?: unknown }> }

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not known to the host`);
  return ext;
}

function declaredSettings(pkg: PackageJson): [string, { default?: unknown }][] {
  const cfg = pkg.contributes?.configuration;
  const sections = cfg === undefined ? [] : Array.isArray(cfg) ? cfg : [cfg];
  return sections.flatMap((s) => Object.entries(s.properties ?? {}));
}

describe('activation', () => {
  it('the extension is present and activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('is loaded from the expected place (dev folder, or the installed VSIX)', () => {
    const ext = extension();
    if (process.env.TRACE_ADVISOR_EXPECT_INSTALLED) {
      assert.notEqual(path.resolve(ext.extensionPath), repoRoot, 'expected the installed VSIX, got the development folder');
      assert.match(ext.extensionPath, /trace-advisor\.trace-advisor-/);
    } else {
      assert.equal(path.resolve(ext.extensionPath), repoRoot);
    }
  });

  it('registers every command it contributes', async () => {
    const ext = extension();
    await ext.activate();
    const declared = ((ext.packageJSON as PackageJson).contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed commands not registered: ${missing.join(', ')}`);
  });

  it('settings resolve to the defaults it declares', () => {
    const settings = declaredSettings(extension().packageJSON as PackageJson);
    for (const [key, schema] of settings) {
      assert.ok(key.startsWith('traceAdvisor.'), `setting ${key} is outside the traceAdvisor namespace`);
      if (!('default' in schema)) continue;
      const info = vscode.workspace.getConfiguration().inspect(key);
      assert.ok(info, `setting ${key} is unknown to the host`);
      assert.deepEqual(info.defaultValue, schema.default, `default of ${key}`);
      // The examples workspace may override a setting on purpose; otherwise the effective value is the default.
      const overridden = [info.globalValue, info.workspaceValue, info.workspaceFolderValue].some((v) => v !== undefined);
      if (!overridden) {
        const section = vscode.workspace.getConfiguration('traceAdvisor');
        assert.deepEqual(section.get(key.slice('traceAdvisor.'.length)), schema.default, `value of ${key}`);
      }
    }
  });

  it('opened a copy of the examples folder as the workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    // The runner gives each run its own copy, so the suite's saves never reach the repository.
    const copy = process.env.TRACE_ADVISOR_TEST_WORKSPACE;
    assert.ok(copy, 'the runner names the workspace copy in TRACE_ADVISOR_TEST_WORKSPACE');
    assert.equal(folders[0].uri.fsPath, copy);
    assert.notEqual(path.resolve(copy), path.join(repoRoot, 'examples'));
    assert.deepEqual(fs.readdirSync(copy).sort(), fs.readdirSync(path.join(repoRoot, 'examples')).filter((e) => e !== 'scratch').sort());
  });

  it('the examples workspace exists and holds files', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'no workspace folder');
    const entries = await vscode.workspace.fs.readDirectory(root); // throws when the folder does not exist
    assert.ok(entries.length > 0, `${root.fsPath} is empty`);
  });
});
