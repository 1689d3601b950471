// Build and dev server for the workbook. The lab server serves web/dist; in dev, Vite proxies the API and the
// sockets to a lab server on :8080 so the page and the API share one origin (the token cookie then just works).
import { defineConfig } from 'vite';

const LAB_SERVER = 'http://127.0.0.1:8080';

export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: LAB_SERVER },
      '/ws': { target: LAB_SERVER, ws: true },
    },
  },
});
