// Notices when the config file changes on disk. Editors often replace a file rather than
// write it in place, so the directory is watched and events are settled for a moment.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export function watchConfigFile(file: string, onChange: () => void, settleMs = 150): FSWatcher {
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(path.dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  watcher.unref();
  return watcher;
}
