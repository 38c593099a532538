/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri always loads the built bundle from dist/, so there is no dev-server setup here.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Relative asset URLs keep the bundle loadable from Tauri's custom protocol and a plain static server alike.
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    // The CSP forbids inline scripts, so nothing may be inlined as a data: module.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
