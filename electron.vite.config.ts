import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // read-worker: the thread that reads files from elsewhere (src/core/imports/read.ts), a module of its own.
        input: { index: resolve(import.meta.dirname, 'src/electron/main.ts'), 'read-worker': resolve(import.meta.dirname, 'src/core/imports/worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be a single CommonJS file.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // Also served to browsers over the school network: keep it small.
      minify: true,
      rollupOptions: {
        // boot.js: the start-up requests, a file of its own loaded before the app (src/renderer/src/api/boot.ts).
        // Not under assets/: those are cached for a year by name, and this name has no hash.
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html'), boot: resolve(import.meta.dirname, 'src/renderer/src/api/boot.ts') },
        output: { entryFileNames: (chunk) => (chunk.name === 'boot' ? 'boot.js' : 'assets/[name]-[hash].js') },
      },
    },
  },
});
