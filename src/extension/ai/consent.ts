// Consent before code leaves the machine: a modal naming provider, model, endpoint and what is sent, once per
// workspace ("Allow for this workspace", kept in workspaceState per provider/model/endpoint) or once per run.
// Workspace trust is checked before anything else: a Restricted Mode workspace never sends.
import * as vscode from 'vscode';
import type { ConsentRequest } from '../../core/llm';
import { consentText, sameScope, type AnalysisTarget, type ConsentScope, type ConsentText } from './consent-text';

export type ConsentAnswer = 'workspace' | 'once' | undefined;

/** The user-facing questions, replaceable in the host tests (a modal cannot be clicked there). */
export interface AiDialogs {
  isTrusted(): boolean;
  askConsent(text: ConsentText): Promise<ConsentAnswer>;
}

const ALLOW_WORKSPACE = 'Allow for this workspace';
const ALLOW_ONCE = 'Allow once';

export const vscodeDialogs: AiDialogs = {
  isTrusted: () => vscode.workspace.isTrusted,
  async askConsent(text) {
    const choice = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ALLOW_WORKSPACE, ALLOW_ONCE);
    return choice === ALLOW_WORKSPACE ? 'workspace' : choice === ALLOW_ONCE ? 'once' : undefined;
  },
};

const CONSENT_KEY = 'traceAdvisor.ai.consent';

export class AiConsent {
  constructor(private readonly state: vscode.Memento) {}

  private remembered(): ConsentScope[] {
    return this.state.get<ConsentScope[]>(CONSENT_KEY, []);
  }

  isRemembered(scope: ConsentScope): boolean {
    return this.remembered().some((s) => sameScope(s, scope));
  }

  async confirm(dialogs: AiDialogs, request: ConsentRequest, scope: ConsentScope, target: AnalysisTarget, budgetUsd: number, free: boolean): Promise<boolean> {
    if (this.isRemembered(scope)) return true;
    const answer = await dialogs.askConsent(consentText(request, scope.endpoint, target, budgetUsd, free));
    if (answer === 'workspace') await this.state.update(CONSENT_KEY, [...this.remembered(), scope]);
    return answer !== undefined;
  }

  /** Forgets every "Allow for this workspace"; returns how many there were. */
  async reset(): Promise<number> {
    const count = this.remembered().length;
    await this.state.update(CONSENT_KEY, undefined);
    return count;
  }
}
