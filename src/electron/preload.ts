// Exposes one named function per API call, and nothing else: the renderer never
// sees ipcRenderer. Each function resolves to the call's envelope.
import { contextBridge, ipcRenderer } from 'electron';
import { ALL_API_NAMES, IPC_CHANNEL, OPEN_CLASSROOM_CHANNEL, OPEN_PROJECTOR_CHANNEL } from '../shared/api-names.ts';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of ALL_API_NAMES) {
  api[name] = (input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, name, input);
}
contextBridge.exposeInMainWorld('lede', Object.freeze(api));
contextBridge.exposeInMainWorld(
  'ledeShell',
  Object.freeze({ openClassroom: (address: string) => ipcRenderer.invoke(OPEN_CLASSROOM_CHANNEL, String(address)) as Promise<boolean> }),
);
contextBridge.exposeInMainWorld(
  'ledeProjector',
  Object.freeze({ open: (sessionId: string, token: string) => ipcRenderer.invoke(OPEN_PROJECTOR_CHANNEL, String(sessionId), String(token)) as Promise<boolean> }),
);
