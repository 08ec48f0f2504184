import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('lede', {});
