import * as vscode from 'vscode';
import type { Logger } from '../core/log';

/** The core's Logger onto a LogOutputChannel, counting the errors it wrote (host tests check that none were). */
export interface ChannelLogger extends Logger {
  readonly errorCount: number;
}

/** The core's Logger onto a LogOutputChannel (the user picks the level in the Output view). */
export function channelLogger(channel: vscode.LogOutputChannel): ChannelLogger {
  let errors = 0;
  return {
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => {
      errors++;
      channel.error(m);
    },
    get errorCount() {
      return errors;
    },
  };
}
