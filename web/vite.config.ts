// Dashboard build: `vite build web` (run by npm install's postinstall) -> web/dist, served by `truce serve`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080', '/basemap': 'http://127.0.0.1:8080' } },
});
