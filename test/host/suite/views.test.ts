// Runs inside a real VS Code extension host: the activity-bar container and its views are contributed, registered
// by the workbench, and open (issue 2: "its view container and commands are registered").
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('views', () => {
  it('the Trace Advisor container and its Call Tree and Trace Points views are registered and open', async () => {
    await activateExtension();
    // The workbench registers an open command for each contributed view container and a focus command for each view.
    const registered = new Set(await vscode.commands.getCommands(true));
    const expected = ['workbench.view.extension.traceAdvisor', 'traceAdvisor.callTree.focus', 'traceAdvisor.tracePoints.focus'];
    assert.deepEqual(expected.filter((c) => !registered.has(c)), [], 'view commands missing: the container or a view is not contributed');
    await vscode.commands.executeCommand('workbench.view.extension.traceAdvisor');
    await vscode.commands.executeCommand('traceAdvisor.callTree.focus');
    await vscode.commands.executeCommand('traceAdvisor.tracePoints.focus');
  });
});
