import * as vscode from 'vscode';
import type { Logger } from '../core/log';

/** The core's Logger onto a LogOutputChannel (the user picks the level in the Output view). */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
