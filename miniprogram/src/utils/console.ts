// The office's computer console (server/console): where desk work is done. Its address is the
// backend's own, from config; staff type it into a computer's browser.
import { config } from '../config/index';

/** "https://host/console/" */
export function consoleAddress(): string {
  return config.baseUrl.replace(/\/+$/, '') + '/console/';
}
