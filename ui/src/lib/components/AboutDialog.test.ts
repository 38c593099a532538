import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../bindings/AppInfo';
import type { AppPaths } from '../bindings/AppPaths';

vi.mock('../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api')>();
  return { ...actual, appInfo: vi.fn(), appPaths: vi.fn() };
});

import { ApiFailure, appInfo, appPaths } from '../api';
import AboutDialog from './AboutDialog.svelte';

const info = vi.mocked(appInfo);
const paths = vi.mocked(appPaths);

const INFO: AppInfo = {
  version: '1.2.3',
  dataDir: '/home/eng/.local/share/Switchboard',
  logDir: '/home/eng/.local/share/Switchboard/logs',
  mode: 'live',
  schemaVersion: 7,
  keychain: { available: false, detail: 'No Secret Service is running.' },
};

const PATHS: AppPaths = {
  dataDir: '/home/eng/.local/share/Switchboard',
  cacheFile: '/home/eng/.local/share/Switchboard/switchboard.sqlite3',
  logDir: '/home/eng/.local/share/Switchboard/logs',
  sealedSecretsDir: '/home/eng/.local/share/Switchboard/secrets',
  keychainService: 'com.switchboard.console',
};

describe('AboutDialog', () => {
  beforeEach(() => {
    info.mockReset();
    paths.mockReset();
    info.mockResolvedValue(INFO);
  });

  it('shows the version, mode, schema, keychain state and every path', async () => {
    paths.mockResolvedValue(PATHS);
    render(AboutDialog, { onClose: () => {} });
    expect(screen.getByTestId('about-loading')).toBeTruthy();

    expect((await screen.findByTestId('about-path-dataDir')).textContent).toBe(PATHS.dataDir);
    expect(screen.getByTestId('about-path-cacheFile').textContent).toBe(PATHS.cacheFile);
    expect(screen.getByTestId('about-path-logDir').textContent).toBe(PATHS.logDir);
    expect(screen.getByTestId('about-path-sealedSecretsDir').textContent).toBe(PATHS.sealedSecretsDir);
    expect(screen.getByTestId('about-path-keychainService').textContent).toBe(PATHS.keychainService);
    expect(screen.getByTestId('about-version').textContent).toBe('1.2.3');
    expect(screen.getByTestId('about-mode').textContent).toBe('Live');
    expect(screen.getByTestId('about-schema').textContent).toBe('7');
    expect(screen.getByTestId('about-keychain').textContent).toContain('No Secret Service is running.');
    expect(screen.queryByTestId('about-loading')).toBeNull();
  });

  it('copies a path to the clipboard', async () => {
    paths.mockResolvedValue(PATHS);
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(AboutDialog, { onClose: () => {} });
    await fireEvent.click(await screen.findByTestId('about-copy-logDir'));
    expect(writeText).toHaveBeenCalledWith(PATHS.logDir);
    expect(screen.getByTestId('about-copy-logDir').textContent?.trim()).toBe('Copied');
    expect(screen.getByTestId('about-copy-dataDir').textContent?.trim()).toBe('Copy');
  });

  it('shows why the paths could not be read, and loads again on retry', async () => {
    paths.mockRejectedValueOnce(new ApiFailure('storage', 'The data folder is not readable.'));
    render(AboutDialog, { onClose: () => {} });
    const error = await screen.findByTestId('about-error');
    expect(error.textContent).toContain('The data folder is not readable.');
    expect(screen.queryByTestId('about-path-dataDir')).toBeNull();

    paths.mockResolvedValue(PATHS);
    await fireEvent.click(screen.getByTestId('about-retry'));
    expect((await screen.findByTestId('about-path-dataDir')).textContent).toBe(PATHS.dataDir);
    expect(screen.queryByTestId('about-error')).toBeNull();
  });

  it('closes with the Close button and with Escape', async () => {
    paths.mockResolvedValue(PATHS);
    const onClose = vi.fn();
    render(AboutDialog, { onClose });
    await screen.findByTestId('about-path-dataDir');
    await fireEvent.click(screen.getByTestId('about-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(screen.getByTestId('about-dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
